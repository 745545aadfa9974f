"""Refuse empty and over-long comments."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if not ctx.source.strip() or not ctx.html:
        return Verdict(REFUSE, "empty", gettext("Write something before posting."))
    limit = settings.COMMUNITY_MAX_COMMENT_CHARS
    if len(ctx.source) > limit:
        return Verdict(REFUSE, "too_long", gettext(
            "Comments can be at most %(limit)s characters (this one has %(length)s).") % {
                "limit": number_format(limit, force_grouping=True),
                "length": number_format(len(ctx.source), force_grouping=True)})
    return None
