"""Live counts, coalesced: however fast votes and reactions arrive, each
poll (and each post's reactions) gets at most one results event in any clock
second, on the blog's `votes` rider stream (votes.stream).

A vote only marks its poll dirty after commit (`mark`). One flusher thread
per process wakes every VOTES_FLUSH_SECONDS, takes the dirty set, and for
each poll or post claims the current second in the shared cache
(`cache.add`, atomic on Redis): only the process that wins the claim counts
(one grouped query over an index, which sees every process's committed
votes) and appends a snapshot, so many processes on many nodes still send
one event per poll per second, not one each. A process that loses the claim
keeps its mark and tries again next second, so a vote is never left out of
the counts for more than about two seconds. One event per blog carries
every poll and post of that blog counted in the pass.

Polls and reactions share this code: a mark is ("poll", id) or ("post", id)."""

import json
import logging
import os
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections

import realtime
from votes import results
from votes.stream import LOG, SOURCE

log = logging.getLogger(__name__)

_lock = threading.Lock()
_dirty: dict[str, set[tuple[str, int]]] = {}  # blog slug -> {("poll", id), ("post", id)}
_thread: threading.Thread | None = None
_pid: int | None = None
# Tests that flush by hand turn the thread off (votes/tests/conftest.py).
AUTOSTART = True


def mark(slug: str, kind: str, obj_id: int) -> None:
    """Count this poll or post again at the next flush. Call after commit."""
    with _lock:
        _dirty.setdefault(slug, set()).add((kind, obj_id))
    if AUTOSTART:
        _ensure_flusher()


def _ensure_flusher() -> None:
    global _thread, _pid
    if _thread is not None and _thread.is_alive() and _pid == os.getpid():
        return
    with _lock:
        if _thread is not None and _thread.is_alive() and _pid == os.getpid():
            return
        _pid = os.getpid()
        _thread = threading.Thread(target=_run, name="votes-flusher", daemon=True)
        _thread.start()


def _run() -> None:
    interval = settings.VOTES_FLUSH_SECONDS
    while True:
        # Sleep to the next tick, so passes stay about a second apart whatever a pass cost.
        time.sleep(interval - (time.monotonic() % interval))
        try:
            close_old_connections()
            flush()
        except Exception:
            log.exception("votes: flush failed; the counts go out at the next pass")


def _claim(kind: str, obj_id: int, second: int) -> bool:
    try:
        return cache.add(f"votes-tick:{kind}:{obj_id}:{second}", 1, timeout=5)
    except Exception:  # the shared cache is down: count anyway (at worst one event per process)
        log.warning("votes: cannot claim the flush of %s %s", kind, obj_id, exc_info=True)
        return True


def flush(now: float | None = None) -> int:
    """One pass: count what changed and append one event per blog. Returns
    the number of events appended."""
    second = int(now if now is not None else time.time())
    with _lock:
        taken = dict(_dirty)
        _dirty.clear()
    if not taken:
        return 0
    won: dict[str, set[tuple[str, int]]] = {}
    kept: dict[str, set[tuple[str, int]]] = {}
    for slug, marks in taken.items():
        for mark_ in marks:
            (won if _claim(*mark_, second) else kept).setdefault(slug, set()).add(mark_)
    if kept:
        with _lock:
            for slug, marks in kept.items():
                _dirty.setdefault(slug, set()).update(marks)
    if not won:
        return 0
    try:
        return _emit(won)
    except Exception:
        with _lock:  # not counted: try again next pass
            for slug, marks in won.items():
                _dirty.setdefault(slug, set()).update(marks)
        raise


def _emit(won: dict[str, set[tuple[str, int]]]) -> int:
    from votes.models import Poll

    poll_ids = {i for marks in won.values() for k, i in marks if k == "poll"}
    post_ids = {i for marks in won.values() for k, i in marks if k == "post"}
    polls = {p.pk: p for p in Poll.objects.filter(pk__in=poll_ids)} if poll_ids else {}
    poll_counts = results.poll_counts([pid for pid, p in polls.items() if p.final_counts is None]) if polls else {}
    reaction_counts = results.reaction_counts(post_ids) if post_ids else {}
    sent = 0
    snapshots: dict[str, object] = {}
    for slug, marks in won.items():
        body = {"kind": "votes", "polls": [], "reactions": []}
        for kind, obj_id in sorted(marks):
            if kind == "poll" and obj_id in polls:
                poll = polls[obj_id]
                shaped = results.poll_result(poll, poll_counts.get(obj_id, {}))
                # Texts stay on the page: the event carries numbers only.
                shaped["answers"] = [{k: a[k] for k in ("index", "votes", "percent")} for a in shaped["answers"]]
                body["polls"].append(shaped)
                snapshots[results.snapshot_key("poll", obj_id)] = shaped
            elif kind == "post":
                counts = reaction_counts.get(obj_id, {})
                body["reactions"].append({"post": obj_id, "counts": counts})
                snapshots[results.snapshot_key("post", obj_id)] = counts
        if not body["polls"] and not body["reactions"]:
            continue

        def payload(seq, body=body):
            return json.dumps({"seq": seq, **body}, separators=(",", ":"), ensure_ascii=False)

        seq = LOG.append(slug, payload)
        realtime.signal(SOURCE, slug, seq)
        sent += 1
    # What a vote's answer shows (results.latest_poll_result), without counting.
    cache.set_many(snapshots, timeout=results.SNAPSHOT_SECONDS)
    return sent
