"""A pluggable toxicity / spam step. COMMUNITY_TOXICITY_CLASSIFIER names a
callable(text) -> float (0 = fine, 1 = certainly abusive or spam); a score
at or above COMMUNITY_TOXICITY_HOLD holds the comment for a moderator.
Empty (the default): no classifier runs.

Write an adapter as a function in any module, for example one wrapping a
trained model shipped in a package, or a spam service's client; a failing
classifier never blocks a comment (the error is logged and the check passes)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from community.pipeline import HOLD, Verdict

log = logging.getLogger(__name__)


def classifier():
    path = settings.COMMUNITY_TOXICITY_CLASSIFIER
    return import_string(path) if path else None


def score(text: str) -> float | None:
    """The classifier's score, or None (no classifier, or it failed). Called
    by post_comment before it locks the thread, so a slow classifier (a model
    loading, a remote service) never holds other writers up."""
    classify = classifier()
    if classify is None:
        return None
    try:
        return float(classify(text))
    except Exception:
        log.exception("community: the toxicity classifier failed; the comment goes on without it")
        return None


def check(ctx):
    value = ctx.scores["toxicity"] if "toxicity" in ctx.scores else score(ctx.source)
    if value is not None and value >= settings.COMMUNITY_TOXICITY_HOLD:
        return Verdict(HOLD, "toxicity")
    return None
