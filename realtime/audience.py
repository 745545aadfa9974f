"""How many readers have each stream open now, across every process and node.

Each process counts its own stream connections (the hub knows them) and,
every REPORT_SECONDS, writes them into the shared cache under its own key
with a short lifetime, so a process that dies simply drops out. Whoever asks
(the desk's "readers now") adds up the reports of the processes listed.
Counts are of connections to the public stream: a reader with two tabs open
counts twice; readers who poll /updates without a stream are not counted."""

import os
import socket
import uuid

from django.core.cache import cache

REPORT_SECONDS = 5
# Three missed reports: a stopped process drops out of the sum within this.
REPORT_TTL_SECONDS = 15
MAX_PROCESSES = 1000
_LIST = "realtime-audience:processes"
# One name per process start: a restarted process never adds to its old self.
PROCESS = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


_last: dict[str, dict[str, int]] = {}  # each reporter's previous report from this process
_listeners: list = []


def on_change(listener) -> None:
    """listener(source, key, total): called (in the hub's worker thread)
    after a report in which this process's count for a stream changed, with
    the total over every process. The desk uses it to push "readers now"."""
    if listener not in _listeners:
        _listeners.append(listener)


def _key(process: str) -> str:
    return f"realtime-audience:{process}"


def report(counts: dict[str, int], reporter: str | None = None) -> None:
    """Record this process's readers per stream ("source:key" -> n). Called
    from the hub's worker thread; a cache outage skips a report, nothing more.

    `reporter` names whose readers these are when they are not this
    process's own: a GRIP proxy's (realtime/grip.py), reported by every
    server process that reads its stats under the proxy's one name, so they
    are counted once however many processes report them."""
    reporter = reporter or PROCESS
    cache.set(_key(reporter), counts, timeout=REPORT_TTL_SECONDS)
    processes = cache.get(_LIST) or []
    if reporter not in processes:
        # Read, add, write: two processes starting together may drop each
        # other here; each puts itself back at its next report.
        alive = cache.get_many([_key(p) for p in processes])
        processes = [p for p in processes if _key(p) in alive][-MAX_PROCESSES + 1 :] + [reporter]
        cache.set(_LIST, processes, timeout=None)
    last = _last.setdefault(reporter, {})
    changed = [name for name in {*last, *counts} if last.get(name, 0) != counts.get(name, 0)]
    last.clear()
    last.update(counts)
    if _listeners:
        for name in changed:
            source, _, key = name.partition(":")
            total = readers_now(source, key)
            for listener in list(_listeners):
                listener(source, key, total)


def readers_now(source: str, key: str) -> int:
    """Readers of one stream, summed over the processes that reported lately."""
    processes = cache.get(_LIST) or []
    reports = cache.get_many([_key(p) for p in processes])
    name = f"{source}:{key}"
    return sum(counts.get(name, 0) for counts in reports.values())
