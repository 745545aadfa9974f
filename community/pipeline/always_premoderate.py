"""Hold every comment of a reader a moderator put on pre-moderation."""

from community.pipeline import HOLD, Verdict


def check(ctx):
    if ctx.standing is not None and ctx.standing.always_premoderate:
        return Verdict(HOLD, "user_premoderated")
    return None
