"""Refuse empty and over-long comments."""

from django.conf import settings

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if not ctx.source.strip() or not ctx.html:
        return Verdict(REFUSE, "empty", "Write something before posting.")
    limit = settings.COMMUNITY_MAX_COMMENT_CHARS
    if len(ctx.source) > limit:
        return Verdict(
            REFUSE, "too_long", f"Comments can be at most {limit:,} characters (this one has {len(ctx.source):,})."
        )
    return None
