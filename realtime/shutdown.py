"""Graceful shutdown of a stream server.

On SIGTERM (or SIGINT) the ASGI server stops accepting connections but waits
for the open ones, and a stream never ends by itself for minutes. So each
server process also hooks the signal: every open stream is brought up to its
head, then sent a `retry:` hint with a jittered delay and closed. Browsers
reconnect after that delay (to another node or the restarted one), resuming
by Last-Event-ID, so nothing is lost or repeated and the returning crowd is
spread out instead of arriving at once. New streams during the drain get the
same answer at once.

The hook chains to the signal handler already there: granian's workers use
the event loop's signal handling (which still runs: the loop is woken through
its wake-up fd, not the Python-level handler) and uvicorn a Python handler
(called from ours)."""

import logging
import random
import signal

from django.conf import settings

log = logging.getLogger(__name__)

draining = False
_installed = False


def retry_frame() -> bytes:
    """An SSE `retry:` field: reconnect after a jittered delay, in ms."""
    low = getattr(settings, "REALTIME_DRAIN_RETRY_MIN_MS", 500)
    high = max(low, getattr(settings, "REALTIME_DRAIN_RETRY_MAX_MS", 5000))
    return b"retry: %d\n\n" % random.randint(low, high)


def begin(hub) -> None:
    """Start draining this process's streams (idempotent)."""
    global draining
    if draining:
        return
    draining = True
    streams = list(hub.streams.values())
    readers = sum(s.readers for s in streams)
    log.info("realtime: stopping; telling %d stream reader(s) to reconnect elsewhere", readers)
    for stream in streams:
        stream._fire()


def install(hub) -> None:
    """Hook SIGTERM/SIGINT in this process (once, from the hub's loop)."""
    global _installed
    if _installed:
        return
    _installed = True
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            previous = signal.getsignal(signum)
        except ValueError:
            return

        def handler(received, frame, previous=previous):
            try:
                hub.loop.call_soon_threadsafe(begin, hub)
            except RuntimeError:  # the loop is closed already
                pass
            if callable(previous):
                previous(received, frame)
            elif previous == signal.SIG_DFL and received == signal.SIGINT:
                raise KeyboardInterrupt

        try:
            signal.signal(signum, handler)
        except ValueError:  # not the main thread (an embedded server): no drain, the old behaviour
            log.debug("realtime: cannot hook %s outside the main thread", signum)
            return
