"""Hold what the optional spam service (community/spam.py, Akismet) calls
spam. Its answer is fetched before the thread is locked (ctx.scores)."""

from community.pipeline import HOLD, Verdict


def check(ctx):
    if ctx.scores.get("spam"):
        return Verdict(HOLD, "spam")
    return None
