"""Reject comments with words on the banned list (COMMUNITY_BANNED_WORDS)."""

from django.conf import settings
from django.utils.translation import gettext_noop

from community.pipeline import REJECT, Verdict
from community.pipeline.words import find_words


def check(ctx):
    if find_words(ctx.source, settings.COMMUNITY_BANNED_WORDS):
        # Stored in English as the rejection reason; translated where it is shown.
        return Verdict(REJECT, "banned_words", gettext_noop("It contains language that is not allowed here."))
    return None
