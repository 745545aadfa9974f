"""The send timeout of stream writes: one watchdog per process instead of a
timer per write.

A stream reader that does not take a frame within
`REALTIME_SEND_TIMEOUT_SECONDS` is cut off (it resumes by Last-Event-ID), so
a slow reader never grows the server's memory. That used to be an
`asyncio.timeout` around every write: a timer scheduled and cancelled once
per reader per event (10,000 of each for one event to 10,000 readers), and
almost every write finishes at once, without waiting. Now a write only
notes when it began and clears that when it is done; a writer still in its
write after the timeout is cancelled by `watch()`, which looks once a
second (so a stalled reader is cut off between the timeout and a second
after it). `performance.md`, section 10, measured the difference."""

import asyncio
import time

from django.conf import settings

# task -> monotonic time its write began, for writes under way (usually none:
# a write that need not wait is over before any other task runs).
writing: dict[asyncio.Task, float] = {}
# Tasks cancelled by the watchdog, so their write can tell that cancellation
# from the server's own or from the client leaving.
_cut: set[asyncio.Task] = set()

WATCH_SECONDS = 1.0


async def write(send, message: dict, task: asyncio.Task) -> bool:
    """`await send(message)`, for at most the send timeout. True if written;
    False if the watchdog cut the writer off. Other errors propagate.
    (realtime.fastlane._send does the same inline.)"""
    writing[task] = time.monotonic()
    try:
        await send(message)
        return True
    except asyncio.CancelledError:
        if not was_cut(task):
            raise
        return False
    finally:
        writing.pop(task, None)


def was_cut(task: asyncio.Task) -> bool:
    """Called with a CancelledError in hand: whether the watchdog cancelled
    `task` (then the cancellation is taken back: the writer goes on to end
    its stream) rather than the server or the client leaving."""
    if task not in _cut:
        return False
    _cut.discard(task)
    task.uncancel()
    return True


def sweep(now: float, timeout: float) -> int:
    """Cancel every writer whose write began more than `timeout` ago."""
    late = [task for task, began in writing.items() if now - began > timeout]
    for task in late:
        del writing[task]
        if not task.done():
            _cut.add(task)
            task.cancel()
    return len(late)


async def watch():
    """Run for the life of the hub (started beside its heartbeat)."""
    while True:
        await asyncio.sleep(min(WATCH_SECONDS, settings.REALTIME_SEND_TIMEOUT_SECONDS / 2))
        sweep(time.monotonic(), settings.REALTIME_SEND_TIMEOUT_SECONDS)
