"""Readers arriving together at a stream nobody had open (a server just
restarted, a blog's first comment) must share one stream: a second stream
for the same log would never be refreshed, and its readers would hear
nothing until they reconnect. In-memory source, no database."""

import asyncio
import time

import pytest

import realtime
from realtime import registry
from realtime.hub import Hub
from tests.asyncio_thread import run_in_thread


class SlowSource:
    """A log whose reads take a while, as a database's do under load."""

    def __init__(self):
        self.seq = 2

    def head(self, key):
        return realtime.Head(1, self.seq)

    def heads(self, keys):
        return {k: self.head(k) for k in keys}

    def read(self, key, after, limit):
        time.sleep(0.05)
        return [
            realtime.Event(s, "post", b'{"seq":%d}' % s) for s in range(after + 1, min(self.seq, after + limit) + 1)
        ]


@pytest.fixture
def slow_source():
    source = SlowSource()
    realtime.register_source("t-slow", source)
    yield source
    registry._sources.pop("t-slow")


def test_it_gives_readers_arriving_together_one_stream_that_is_kept_up_to_date(slow_source):
    async def scenario():
        hub = Hub(asyncio.get_running_loop())
        try:
            streams = await asyncio.gather(*(hub.get("t-slow", "blog") for _ in range(5)))
            assert all(s is streams[0] for s in streams)
            assert hub.streams[("t-slow", "blog")] is streams[0]
            slow_source.seq = 3
            await hub.poll_once()  # what the poller (or a broker's wake-up) does
            return [s.head for s in streams]
        finally:
            await hub.close()

    assert run_in_thread(scenario) == [3] * 5


class RacingSource(SlowSource):
    """A post is committed between the head read and the prefill read."""

    def head(self, key):
        head = realtime.Head(1, self.seq)
        self.seq += 1  # lands before the hub reads the events
        return head


def test_it_never_holds_an_event_twice_when_a_post_lands_while_a_stream_opens():
    source = RacingSource()
    realtime.register_source("t-race", source)

    async def scenario():
        hub = Hub(asyncio.get_running_loop())
        try:
            stream = await hub.get("t-race", "blog")  # head 2, but the log already holds 3
            source.head = lambda key: realtime.Head(1, source.seq)
            await hub.refresh(stream)
            return [item.seq for item in stream.ring], [item.seq for item in stream.items_after(1)]
        finally:
            await hub.close()

    try:
        ring, after_one = run_in_thread(scenario)
    finally:
        registry._sources.pop("t-race")
    assert ring == [1, 2, 3]
    assert after_one == [2, 3]  # a reader resuming after 1 gets 2 and 3, once each


class EpochSource(SlowSource):
    """A log taken down (a legal removal) while a reader was ahead of this
    process: the head moves to a new epoch with one more event."""

    def __init__(self):
        super().__init__()
        self.epoch = 1

    def head(self, key):
        return realtime.Head(self.epoch, self.seq)


def test_a_reader_ahead_of_the_process_is_reset_when_the_epoch_moved_meanwhile():
    # CI once saw this on PostgreSQL: a reader at seq 3 (another worker had
    # told it), this process still at 2, then a takedown (epoch 2, seq 4).
    # Catching up must tell the reader to start again, never hand it the
    # new epoch's events as if they followed its old position.
    source = EpochSource()
    realtime.register_source("t-epoch", source)

    async def scenario():
        hub = Hub(asyncio.get_running_loop())
        try:
            stream = await hub.get("t-epoch", "blog")
            source.epoch, source.seq = 2, 4
            return await hub.read_after(stream, 3, 10)
        finally:
            await hub.close()

    try:
        items, reset = run_in_thread(scenario)
    finally:
        registry._sources.pop("t-epoch")
    assert reset and items == []
