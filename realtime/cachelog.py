"""A short stream log kept in the shared cache (Redis, or the database's
cache table) rather than the database: for streams whose events are
snapshots a reader can do without once they are old (poll results, reaction
counts), so losing the log to a cache flush costs nothing but a refetch.

Each stream has an epoch (made when the log is first used, or after the
cache lost it, so readers connected before start again) and a counter; each
event lives `seconds`. Redis counts atomically; on the database cache two
appends at the same instant can share a number and one is lost (the next
snapshot repairs it)."""

import time

from django.core.cache import cache

from realtime.registry import Event, Head


class CacheLog:
    def __init__(self, prefix: str, kind: str, seconds: int = 600):
        self.prefix = prefix
        self.kind = kind
        self.seconds = seconds

    def _key(self, key: str, part) -> str:
        return f"{self.prefix}:{key}:{part}"

    def head(self, key: str) -> Head:
        values = cache.get_many([self._key(key, "epoch"), self._key(key, "seq")])
        epoch = values.get(self._key(key, "epoch"))
        if epoch is None:
            cache.add(self._key(key, "epoch"), int(time.time()) % 2**31, timeout=None)
            epoch = cache.get(self._key(key, "epoch"), 1)
        return Head(int(epoch), int(values.get(self._key(key, "seq")) or 0))

    def heads(self, keys: list[str]) -> dict[str, Head]:
        return {key: self.head(key) for key in keys}

    def read(self, key: str, after: int, limit: int) -> list[Event]:
        top = self.head(key).seq
        seqs = list(range(after + 1, min(top, after + limit) + 1))
        found = cache.get_many([self._key(key, seq) for seq in seqs])
        events = []
        for seq in seqs:
            payload = found.get(self._key(key, seq))
            if payload is None:
                if events:
                    break  # keep the run contiguous; the next read carries on
                continue
            events.append(Event(seq, self.kind, payload.encode()))
        return events

    def append(self, key: str, payload_for_seq) -> int:
        """Append one event; `payload_for_seq(seq)` makes its JSON text. Returns its seq."""
        self.head(key)  # makes the epoch if this is the first event
        cache.add(self._key(key, "seq"), 0, timeout=None)
        seq = cache.incr(self._key(key, "seq"))
        cache.set(self._key(key, seq), payload_for_seq(seq), timeout=self.seconds)
        return seq
