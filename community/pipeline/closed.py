"""Refuse comments on a closed or ended thread."""

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if not ctx.thread.accepts_comments:
        return Verdict(REFUSE, "closed", ctx.thread.closed_reason)
    return None
