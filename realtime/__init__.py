"""The fast lane: per-stream hubs, rings of pre-encoded events, SSE and the
updates endpoint, and the brokers that wake them.

Generic by design: it knows streams (a source name and a key), sequence
numbers and bytes. Apps register a `Source` that reads their log; they call
`signal()` after commit. It imports no other Newsline app."""

from realtime.registry import Event, Head, Source, register_source, signal

__all__ = ["Event", "Head", "Source", "register_source", "signal"]
