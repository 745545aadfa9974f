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


_last: dict[str, int] = {}  # this process's previous report
_listeners: list = []


def on_change(listener) -> None:
    """listener(source, key, total): called (in the hub's worker thread)
    after a report in which this process's count for a stream changed, with
    the total over every process. The desk uses it to push "readers now"."""
    if listener not in _listeners:
        _listeners.append(listener)


def _key(process: str) -> str:
    return f"realtime-audience:{process}"


def report(counts: dict[str, int]) -> None:
    """Record this process's readers per stream ("source:key" -> n). Called
    from the hub's worker thread; a cache outage skips a report, nothing more."""
    cache.set(_key(PROCESS), counts, timeout=REPORT_TTL_SECONDS)
    processes = cache.get(_LIST) or []
    if PROCESS not in processes:
        # Read, add, write: two processes starting together may drop each
        # other here; each puts itself back at its next report.
        alive = cache.get_many([_key(p) for p in processes])
        processes = [p for p in processes if _key(p) in alive][-MAX_PROCESSES + 1 :] + [PROCESS]
        cache.set(_LIST, processes, timeout=None)
    changed = [name for name in {*_last, *counts} if _last.get(name, 0) != counts.get(name, 0)]
    _last.clear()
    _last.update(counts)
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
