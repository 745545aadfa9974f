"""Sources (how a stream's log is read) and the after-commit signal."""

import logging
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Head:
    epoch: int
    seq: int


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    kind: str
    payload: bytes  # the JSON a reader receives, already encoded


class Source(Protocol):
    """How the fast lane reads one kind of stream. Called from a worker thread."""

    def head(self, key: str) -> Head | None:
        """The stream's head, or None if it does not exist or is not public."""

    def heads(self, keys: list[str]) -> dict[str, Head]:
        """Heads of many streams in one query (for the safety poll)."""

    def read(self, key: str, after: int, limit: int) -> list[Event]:
        """Events with seq > after, in order, at most `limit`."""


_sources: dict[str, Source] = {}
_hosts: dict[str, str] = {}  # rider source name -> host source name
_private: set[str] = set()  # sources whose streams are for signed-in staff only
_listeners: list = []
_publishers: list = []  # (source, key, first, seq) after commit: realtime.grip


def register_source(name: str, source: Source, rides_on: str | None = None, private: bool = False) -> None:
    """Register how a stream kind's log is read. A source that `rides_on`
    another (comments on a live blog) has streams of its own, with their own
    sequence, but no URL: its events travel inside the host stream's SSE
    connection with the same key, as named events without an id, so a browser
    tab needs one connection and the host's sequence, page cache and ETag are
    never touched by them.

    A `private` source (the desk's presence stream) has only the SSE
    endpoint, never cacheable, and each connection is let in only if the
    source's `allow(key, headers)` says so (called in a worker thread, with
    the request's headers as a dict of bytes): the fast lane itself knows
    nothing of sessions or users."""
    _sources[name] = source
    if rides_on:
        _hosts[name] = rides_on
    if private:
        _private.add(name)
    else:
        _private.discard(name)


def is_private(name: str) -> bool:
    return name in _private


def get_source(name: str) -> Source:
    return _sources[name]


def host_of(name: str) -> str | None:
    return _hosts.get(name)


def riders_of(host: str) -> list[str]:
    return [name for name, h in _hosts.items() if h == host]


def add_listener(listener) -> None:
    """A broker's publish function: listener(source, key, seq)."""
    if listener not in _listeners:
        _listeners.append(listener)


def remove_listener(listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def add_publisher(publisher) -> None:
    """A publisher of the events themselves (realtime.grip): called as
    publisher(source, key, first, seq) with the range the write appended."""
    if publisher not in _publishers:
        _publishers.append(publisher)


def signal(source: str, key: str, seq: int, first: int | None = None) -> None:
    """Say "stream (source, key) is at seq". Call only after commit. A lost
    signal loses nothing: every hub also polls the log. `first` is the first
    seq this write appended, when it appended several (a publisher sends them
    all); None means seq alone, or no new event (an epoch moved on)."""
    for listener in list(_listeners):
        try:
            listener(source, key, seq)
        except Exception:  # a broker failure must never fail the write
            log.exception("realtime: signal to %r failed; readers will catch up by polling", listener)
    for publisher in list(_publishers):
        try:
            publisher(source, key, seq if first is None else first, seq)
        except Exception:  # nor may a proxy's: held readers recover through the proxy's next link
            log.exception("realtime: publishing through %r failed", publisher)
