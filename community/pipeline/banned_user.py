"""Refuse banned readers, saying why."""

from community.pipeline import REFUSE, Verdict


def check(ctx):
    if ctx.standing is not None and ctx.standing.banned:
        why = f": {ctx.standing.ban_reason}" if ctx.standing.ban_reason else "."
        return Verdict(REFUSE, "banned", f"Your account is banned from commenting{why}")
    return None
