"""A post's named states and the only moves allowed between them.

    draft ──▶ submitted ──▶ scheduled ──▶ published ──▶ deleted
    draft ──▶ deleted (discarded)
      ▲  ╲________│___________│_____________▲  ▲          │
      └──────────(sent back / unscheduled)      └──restore─┘
    published or deleted ──▶ removed (legal takedown; final)

Actions in liveblogs.actions call `check` before every state change, so a
crafted request or a race can never make a move that is not listed here."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liveblogs.models import Post

State = Post.State

TRANSITIONS: dict[str, frozenset[str]] = {
    # A reporter publishes or schedules their draft; a contributor submits it.
    # ...or throws it away (a discarded draft is soft-deleted, never public).
    State.DRAFT: frozenset({State.SUBMITTED, State.SCHEDULED, State.PUBLISHED, State.DELETED}),
    # An editor approves (now or at a time) or sends it back with a note.
    State.SUBMITTED: frozenset({State.DRAFT, State.SCHEDULED, State.PUBLISHED}),
    # The job publishes it at its time; it can be published early or taken off the schedule.
    State.SCHEDULED: frozenset({State.DRAFT, State.PUBLISHED}),
    State.PUBLISHED: frozenset({State.DELETED, State.REMOVED}),
    State.DELETED: frozenset({State.PUBLISHED, State.REMOVED}),
    # Legal removal is final: the content must never come back by accident.
    State.REMOVED: frozenset(),
}

# Where a post is, as a sentence ("This post is a draft"), for refusals.
MESSAGES = {
    State.DRAFT: _("This post is a draft"),
    State.SUBMITTED: _("This post is awaiting approval"),
    State.SCHEDULED: _("This post is scheduled"),
    State.PUBLISHED: _("This post is already published"),
    State.DELETED: _("This post has been deleted"),
    State.REMOVED: _("This post has been removed for legal reasons"),
}


class TransitionError(ValueError):
    pass


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise TransitionError(
            _("%(state)s: it cannot be %(change)s.")
            % {"state": MESSAGES.get(current, _("This post cannot change")), "change": _verb(target)}
        )


def _verb(target: str) -> str:
    # Translators: what cannot be done to a post, after "This post is a draft: it cannot be …".
    return {
        State.DRAFT: pgettext_lazy("post can't be", "turned back into a draft"),
        State.SUBMITTED: pgettext_lazy("post can't be", "submitted"),
        State.SCHEDULED: pgettext_lazy("post can't be", "scheduled"),
        State.PUBLISHED: pgettext_lazy("post can't be", "published"),
        State.DELETED: pgettext_lazy("post can't be", "deleted"),
        State.REMOVED: pgettext_lazy("post can't be", "removed"),
    }.get(target, pgettext_lazy("post can't be", "changed"))
