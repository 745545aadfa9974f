"""Refuse suspended readers until their suspension ends."""

from django.utils import timezone

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if ctx.standing is not None and ctx.standing.is_suspended():
        until = timezone.localtime(ctx.standing.suspended_until).strftime("%-d %B %Y, %H:%M")
        why = f" ({ctx.standing.suspension_reason})" if ctx.standing.suspension_reason else ""
        return Verdict(REFUSE, "suspended", f"You are suspended from commenting until {until}{why}.")
    return None
