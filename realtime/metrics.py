"""The fast lane's Prometheus metrics. Hooks here are called from the hub
and the stream handler; each costs a counter increment. The readers per
stream are read from the hub at scrape time (operations/metrics.py), so the
hot path keeps no extra state for them."""

import time

from prometheus_client import Counter, Histogram

EVENTS = Counter(
    "newsline_stream_events", "Events taken into this process's rings and sent to their readers (rate: events/s)",
    ["source"],
)
LAG = Histogram(
    "newsline_publish_broadcast_lag_seconds",
    "From the moment this process learns a stream moved (the after-commit signal in the writing process, "
    "or the broker's message) to its readers being woken with the new events",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
READS = Counter(
    "newsline_stream_catchup_reads", "Catch-up reads (resumes, /updates) served from the in-memory ring or the log",
    ["served_from"],
)
PAGE_CACHE = Counter(
    "newsline_page_cache_lookups", "Reader pages from this process's in-memory page cache: hit, or rendered (miss)",
    ["result"],
)
DROPPED = Counter("newsline_slow_clients_dropped", "Stream readers cut off because they did not take a frame in time")
SHUTDOWN_CLOSED = Counter(
    "newsline_streams_closed_for_shutdown", "Streams told to reconnect elsewhere because this process was stopping"
)

# (source, key) -> (seq, monotonic time) of the first wake-up not yet broadcast
_woken: dict[tuple[str, str], tuple[int, float]] = {}


def woken(source: str, key: str, seq: int) -> None:
    _woken.setdefault((source, key), (seq, time.monotonic()))


def broadcast(source: str, key: str, head: int, new_events: int) -> None:
    if new_events:
        EVENTS.labels(source).inc(new_events)  # once per event per process: not a hot path
    pending = _woken.get((source, key))
    if pending is not None and head >= pending[0]:
        del _woken[(source, key)]
        LAG.observe(time.monotonic() - pending[1])


# The children are looked up once: labels() takes a lock and builds a tuple,
# and this runs once per stream reader per event.
_READS = {"ring": READS.labels("ring"), "log": READS.labels("log")}


def read_from(where: str) -> None:
    _READS[where].inc()
