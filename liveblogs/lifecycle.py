"""A post's named states and the only moves allowed between them.

    draft ──▶ submitted ──▶ scheduled ──▶ published ──▶ deleted
    draft ──▶ deleted (discarded)
      ▲  ╲________│___________│_____________▲  ▲          │
      └──────────(sent back / unscheduled)      └──restore─┘
    published or deleted ──▶ removed (legal takedown; final)

Actions in liveblogs.actions call `check` before every state change, so a
crafted request or a race can never make a move that is not listed here."""

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

MESSAGES = {
    State.DRAFT: "is a draft",
    State.SUBMITTED: "is awaiting approval",
    State.SCHEDULED: "is scheduled",
    State.PUBLISHED: "is already published",
    State.DELETED: "has been deleted",
    State.REMOVED: "has been removed for legal reasons",
}


class TransitionError(ValueError):
    pass


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise TransitionError(f"This post {MESSAGES.get(current, 'cannot change')}: it cannot be {_verb(target)}.")


def _verb(target: str) -> str:
    return {
        State.DRAFT: "turned back into a draft",
        State.SUBMITTED: "submitted",
        State.SCHEDULED: "scheduled",
        State.PUBLISHED: "published",
        State.DELETED: "deleted",
        State.REMOVED: "removed",
    }.get(target, "changed")
