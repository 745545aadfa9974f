"""Hold comments with words on the suspect list (COMMUNITY_SUSPECT_WORDS)."""

from django.conf import settings

from community.pipeline import HOLD, Verdict
from community.pipeline.words import find_words


def check(ctx):
    if find_words(ctx.source, settings.COMMUNITY_SUSPECT_WORDS):
        return Verdict(HOLD, "suspect_words")
    return None
