"""Votes and reactions taken by the fast lane (votes.fastlane), written in
batches: each process keeps the ones it accepted in memory and one writer
thread writes them every VOTES_WRITE_SECONDS in ONE transaction (one commit
for a batch instead of one per vote). The database's unique constraints
still decide "once": a batch is inserted with ignore-conflicts, so a voter's
second vote, in the same batch or a later one, or one cast on the no-JS page,
is not counted twice.

A vote for a poll closed since it was accepted is dropped at the write (the
poll's final count was taken without it; `close_poll` first writes what this
process holds, so only another process's last fraction of a second can be
refused this way). After each commit the polls and posts written are marked
for the batched results event (votes.batching), as the Django path does.

What is accepted but not yet written lives only here: `drain()` writes it
on a graceful stop (the ASGI lifespan's shutdown, and at interpreter exit).
A crash (SIGKILL, power loss) loses the last VOTES_WRITE_SECONDS of votes of
that process; those readers see no vote of theirs on their next page load
and can vote again."""

import atexit
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from votes import batching

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pending:
    kind: str  # "poll" or "post"
    obj_id: int
    voter: str  # an anonymous voter id (the fast lane takes only token votes)
    choice: object  # the answer's index, or the reaction's kind ("" to take it back)
    slug: str
    at: float


_lock = threading.Lock()  # guards _pending
_write_lock = threading.Lock()  # one batch written at a time (the thread, a close, the drain)
_pending: list[Pending] = []
_thread: threading.Thread | None = None
_pid: int | None = None
# Tests that write by hand turn the thread off (votes/tests/conftest.py).
AUTOSTART = True
stats = {"accepted": 0, "written": 0, "batches": 0, "dropped_closed": 0, "failed_batches": 0}


def backlog() -> int:
    return len(_pending)


def add(item: Pending) -> bool:
    """Keep one accepted vote for the next batch. False when too many are
    waiting (the database is away or slow): the reader is asked to retry."""
    with _lock:
        if len(_pending) >= settings.VOTES_MAX_PENDING:
            return False
        _pending.append(item)
        stats["accepted"] += 1
    if AUTOSTART:
        _ensure_writer()
    return True


def _ensure_writer() -> None:
    global _thread, _pid
    if _thread is not None and _pid == os.getpid() and _thread.is_alive():
        return
    with _lock:
        if _thread is not None and _pid == os.getpid() and _thread.is_alive():
            return
        _pid = os.getpid()
        _thread = threading.Thread(target=_run, name="votes-writer", daemon=True)
        _thread.start()


def _run() -> None:
    interval = settings.VOTES_WRITE_SECONDS
    while True:
        time.sleep(interval)
        try:
            close_old_connections()
            write()
        except Exception:
            log.exception("votes: writing a batch failed; it is tried again at the next pass")


def write() -> int:
    """Write what is waiting, in one transaction. Returns the number of rows
    offered to the database (duplicates among them are ignored by it). On a
    failure the batch goes back in front of the queue and the error is raised."""
    with _write_lock:
        with _lock:
            batch = _pending[:]
            _pending.clear()
        if not batch:
            return 0
        try:
            marks = _write(batch)
        except Exception:
            with _lock:
                _pending[:0] = batch
            stats["failed_batches"] += 1
            raise
    stats["written"] += len(batch)
    stats["batches"] += 1
    for slug, kind, obj_id in marks:
        batching.mark(slug, kind, obj_id)
    return len(batch)


def _write(batch: list[Pending]) -> set[tuple[str, str, int]]:
    from votes.models import Poll, PollVote, Reaction

    votes = [p for p in batch if p.kind == "poll"]
    # A reader's reactions to one post in one batch: only the last counts.
    reactions: dict[tuple[int, str], Pending] = {}
    for p in batch:
        if p.kind == "post":
            reactions[(p.obj_id, p.voter)] = p
    marks: set[tuple[str, str, int]] = set()
    with transaction.atomic():
        if votes:
            poll_ids = sorted({p.obj_id for p in votes})
            if connection.vendor == "postgresql":
                # As actions.vote: a closing poll waits for this batch, and a
                # batch after the close sees the poll closed.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT id FROM votes_poll WHERE id = ANY(%s) FOR SHARE", [poll_ids])
            polls = {p.pk: p for p in Poll.objects.filter(pk__in=poll_ids).only("id", "closed_at", "closes_at")}
            rows = []
            for p in votes:
                poll = polls.get(p.obj_id)
                if poll is None or poll.closed_at is not None or (
                    poll.closes_at is not None and poll.closes_at.timestamp() <= p.at
                ):
                    stats["dropped_closed"] += 1
                    continue
                rows.append(PollVote(poll_id=p.obj_id, answer=p.choice, voter=p.voter,
                                     created_at=datetime.fromtimestamp(p.at, tz=UTC)))
                marks.add((p.slug, "poll", p.obj_id))
            if rows:
                PollVote.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        if reactions:
            from liveblogs.models import Post

            post_ids = {post_id for post_id, _voter in reactions}
            # A blog whose reactions were turned off since they were accepted takes none.
            open_posts = Post.objects.filter(pk__in=post_ids, blog__reactions_enabled=True)
            blogs = dict(open_posts.values_list("id", "blog_id"))
            for (post_id, voter), p in reactions.items():
                if post_id not in blogs:
                    continue
                mine = Reaction.objects.filter(post_id=post_id, voter=voter)
                if not p.choice:
                    mine.delete()
                elif not mine.update(kind=p.choice):
                    Reaction.objects.bulk_create(
                        [Reaction(post_id=post_id, blog_id=blogs[post_id], kind=p.choice, voter=voter)],
                        ignore_conflicts=True,
                    )
                marks.add((p.slug, "post", post_id))
    return marks


def drain(attempts: int = 3) -> int:
    """Write everything waiting (a graceful stop). Returns what is left unwritten."""
    for _ in range(attempts):
        if not _pending:
            return 0
        try:
            close_old_connections()
            write()
        except Exception:
            log.exception("votes: writing the waiting votes on shutdown failed")
    left = len(_pending)
    if left:
        log.error("votes: %d accepted vote(s) could not be written before stopping", left)
    return left


@atexit.register
def _at_exit() -> None:
    if _pending:
        drain()
