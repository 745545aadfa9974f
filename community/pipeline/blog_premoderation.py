"""Hold every comment on a blog that is pre-moderated as a whole."""

from community.pipeline import HOLD, Verdict


def check(ctx):
    if ctx.thread.premoderate:
        return Verdict(HOLD, "blog_premoderated")
    return None
