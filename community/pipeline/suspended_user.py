"""Refuse suspended readers until their suspension ends."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if ctx.standing is not None and ctx.standing.is_suspended():
        return Verdict(REFUSE, "suspended", suspended_message(ctx.standing))
    return None


def suspended_message(standing) -> str:
    """What a suspended reader is told, in the active language and format."""
    until = date_format(timezone.localtime(standing.suspended_until), "j F Y, H:i")
    if standing.suspension_reason:
        return gettext("You are suspended from commenting until %(until)s (%(reason)s).") % {
            "until": until, "reason": standing.suspension_reason}
    return gettext("You are suspended from commenting until %(until)s.") % {"until": until}
