"""Refuse banned readers, saying why."""

from django.utils.translation import gettext

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if ctx.standing is not None and ctx.standing.banned:
        if ctx.standing.ban_reason:
            message = gettext("Your account is banned from commenting: %(reason)s") % {
                "reason": ctx.standing.ban_reason}
        else:
            message = gettext("Your account is banned from commenting.")
        return Verdict(REFUSE, "banned", message)
    return None
