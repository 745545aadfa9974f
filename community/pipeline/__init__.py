"""Moderation as an ordered list of small checks, one per module (after
Coral's comment pipeline). Each `check(ctx)` returns None (no opinion) or a
`Verdict`:

- REFUSE: nothing is stored; the reader is told why (closed thread, banned,
  suspended, too long, a double post);
- REJECT: stored as rejected, the reader is told why (banned words);
- HOLD: stored as pending for a moderator, with tags saying why.

The first refusal or rejection ends the run; holds add up. To add a check,
copy `links.py`, then add its module to PHASES in the place it should run."""

from dataclasses import dataclass, field
from importlib import import_module

from django.utils.translation import gettext_lazy as _

REFUSE, REJECT, HOLD = "refuse", "reject", "hold"

# What a hold's tag means, for the moderators' queue and the desk's questions
# (stored tags stay these codes; a new check's tag shows as its code until added here).
TAG_LABELS = {
    "links": _("links"),
    "new_commenter_links": _("links from a new commenter"),
    "first_comment": _("a first comment"),
    "suspect_words": _("suspect words"),
    "toxicity": _("may be abusive"),
    "spam": _("may be spam"),
    "rejection_history": _("often rejected before"),
    "user_premoderated": _("reader always pre-moderated"),
    "blog_premoderated": _("blog pre-moderated"),
    "banned_words": _("banned words"),
}


def tag_labels(tags) -> list[str]:
    return [str(TAG_LABELS.get(tag, tag)) for tag in tags]

PHASES = [
    "closed",
    "banned_user",
    "suspended_user",
    "length",
    "repeat_post",
    "banned_words",
    "links",
    "suspect_words",
    "toxicity",
    "spam",
    "rejection_rate",
    "always_premoderate",
    "blog_premoderation",
    "first_comments",
]

# A reader's question to the newsroom (community.actions.ask_question) goes
# through the same checks where they make sense: who may write at all, length,
# language, links, the classifiers. Not the thread's state or the comment
# history checks (a question is not published, and the comments may be closed
# while the desk still takes questions). Holds flag the question in the inbox.
QUESTION_PHASES = [
    "banned_user",
    "suspended_user",
    "length",
    "banned_words",
    "links",
    "suspect_words",
    "toxicity",
    "spam",
]


@dataclass
class Verdict:
    decision: str
    tag: str
    message: str = ""  # for the reader (refusals and rejections)


@dataclass
class Context:
    user: object
    thread: object  # None for a question (QUESTION_PHASES never read it)
    source: str  # what the reader wrote
    html: str  # rendered and sanitised
    parent: object = None
    standing: object = None  # community.models.Standing or None
    scores: dict = field(default_factory=dict)  # slow checks' results, computed before the thread lock


@dataclass
class Outcome:
    status: str  # "published", "pending", "rejected" (refusals raise)
    tags: list = field(default_factory=list)
    reason: str = ""


class Refused(Exception):
    """The comment cannot be taken; the message is for the reader."""

    def __init__(self, message: str, tag: str = ""):
        super().__init__(message)
        self.tag = tag


def _phase(name):
    return import_module(f"community.pipeline.{name}")


def run(ctx: Context, phases: list[str] = PHASES) -> Outcome:
    tags = []
    for name in phases:
        verdict = _phase(name).check(ctx)
        if verdict is None:
            continue
        if verdict.decision == REFUSE:
            raise Refused(verdict.message, verdict.tag)
        if verdict.decision == REJECT:
            return Outcome("rejected", tags + [verdict.tag], verdict.message)
        tags.append(verdict.tag)
    return Outcome("pending" if tags else "published", tags)
