"""One Hub per process: for each stream with readers, the head and a ring of
recent events encoded once to final bytes, and one shared future that all
of the stream's readers await. Waking a stream wakes every reader at once.

The database is the log; signals only hurry things along. A poll of the
heads of watched streams runs behind every broker and never switches off."""

import asyncio
import logging
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections

from realtime import audience, grip, metrics, shutdown, writes
from realtime.brokers import get_broker
from realtime.registry import Event, Head, add_listener, get_source, host_of, is_private

log = logging.getLogger(__name__)

PREFILL = 64  # events loaded into a new stream's ring, so resumes rarely touch the log
IDLE_EVICT_SECONDS = 300


class Item:
    """A ring entry: the event and its SSE frame, both encoded once."""

    __slots__ = ("seq", "payload", "frame")

    def __init__(self, epoch: int, event: Event, rider: bytes | None = None):
        self.seq = event.seq
        self.payload = event.payload
        if rider is None:
            self.frame = b"id: %d-%d\ndata: %s\n\n" % (epoch, event.seq, event.payload)
        else:
            # A rider's event has no id: the connection's Last-Event-ID stays the host's.
            self.frame = b"event: %s\ndata: %s\n\n" % (rider, event.payload)


class Wakeup(asyncio.Future):
    """The future all of a stream's readers await. It cannot be cancelled: a
    reader cancelled while waiting (its client left) must not cancel every
    other reader's wake-up, and this spares each reader a shield per wait.
    The cancelled reader stops at the next wake-up (a change or a heartbeat)."""

    def cancel(self, msg=None):
        return False


class Stream:
    __slots__ = ("source", "key", "epoch", "head", "ring", "readers", "last_used", "lock", "_changed", "gone",
                 "last_fired", "host", "rider")

    def __init__(self, source: str, key: str, head: Head, ring_size: int, loop: asyncio.AbstractEventLoop):
        self.source = source
        self.key = key
        self.epoch = head.epoch
        self.head = head.seq
        self.ring: deque[Item] = deque(maxlen=ring_size)
        self.readers = 0
        self.last_used = time.monotonic()
        self.lock = asyncio.Lock()
        self._changed = Wakeup(loop=loop)
        self.gone = False
        self.last_fired = time.monotonic()
        self.host = host_of(source)  # the source whose connections carry this one's events
        self.rider = source.encode() if self.host else None

    def item(self, event: Event) -> "Item":
        return Item(self.epoch, event, self.rider)

    def changed(self) -> asyncio.Future:
        """Resolves at the next change; shared by every reader of the stream."""
        return self._changed

    def _fire(self):
        fut, self._changed = self._changed, Wakeup(loop=asyncio.get_running_loop())
        self.last_fired = time.monotonic()
        if not fut.done():
            fut.set_result(None)

    def items_after(self, after: int) -> list[Item] | None:
        """Events after `after` from the ring, or None if the ring no longer
        reaches back that far (the caller reads the log)."""
        if after >= self.head:
            return []
        if not self.ring or self.ring[0].seq > after + 1:
            return None
        start = after + 1 - self.ring[0].seq
        return [self.ring[i] for i in range(start, len(self.ring))]


class Hub:
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.streams: dict[tuple[str, str], Stream] = {}
        self.ring_size = settings.REALTIME_RING_SIZE
        self.poll_seconds = settings.REALTIME_POLL_SECONDS
        self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="realtime-db")
        self._poller: asyncio.Task | None = None
        self._heart: asyncio.Task | None = None
        self._watchdog: asyncio.Task | None = None
        self._pending: set[asyncio.Task] = set()
        self._subscriber: asyncio.Task | None = None  # the broker's listener (realtime.brokers)
        self._loading: dict[tuple[str, str], asyncio.Task] = {}  # streams being loaded, shared by their readers
        self._stats: asyncio.Task | None = None  # the GRIP proxy's stats reader (realtime.grip)

    # Database access happens in worker threads; the event loop never blocks.
    async def _db(self, fn, *args):
        def call():
            close_old_connections()
            return fn(*args)

        return await self.loop.run_in_executor(self._executor, call)

    async def get(self, source: str, key: str) -> Stream | None:
        stream = self.streams.get((source, key))
        if stream is not None and not stream.gone:
            stream.last_used = time.monotonic()
            return stream
        # Readers arriving together for a stream this process does not hold
        # yet share one load: a thousand connects (a page with a rider or
        # two after a deploy) must not each read the head and the ring's
        # prefill through the two database threads.
        pending = self._loading.get((source, key))
        if pending is None:
            pending = self.loop.create_task(self._load(source, key))
            self._loading[(source, key)] = pending
            pending.add_done_callback(lambda _t, k=(source, key): self._loading.pop(k, None))
        # Shielded: a reader who leaves meanwhile must not cancel the others' load.
        stream = await asyncio.shield(pending)
        if stream is not None:
            self._ensure_poller()
        return stream

    async def _load(self, source: str, key: str) -> Stream | None:
        src = get_source(source)
        head = await self._db(src.head, key)
        if head is None:
            return None
        stream = self.streams.get((source, key))  # another reader may have raced us here
        if stream is None or stream.gone:
            events = await self._db(src.read, key, max(0, head.seq - PREFILL), PREFILL)
            # Events committed after the head was read belong to the next
            # refresh: kept here too, the ring would hold them twice.
            events = [e for e in events if e.seq <= head.seq]
            # Check again after the read, with no await until the stream is
            # stored: readers arriving together must share one stream. A stream
            # left out of self.streams is never refreshed, and its readers
            # would hear nothing until they reconnect.
            stream = self.streams.get((source, key))
            if stream is None or stream.gone:
                stream = Stream(source, key, head, self.ring_size, self.loop)
                for event in events:
                    stream.ring.append(stream.item(event))
                self.streams[(source, key)] = stream
        return stream

    async def refresh(self, stream: Stream, known: Head | None = None) -> None:
        """Bring a stream up to the log's head and wake its readers."""
        src = get_source(stream.source)
        async with stream.lock:
            before = (stream.epoch, stream.head)
            head = known or await self._db(src.head, stream.key)
            if head is None:
                stream.gone = True
            elif head.epoch != stream.epoch:
                # The log was restored or truncated: readers must start again.
                stream.ring.clear()
                stream.epoch, stream.head = head.epoch, head.seq
            else:
                while head.seq > stream.head:
                    events = await self._db(src.read, stream.key, stream.head, self.ring_size)
                    if not events:
                        break
                    for event in events:
                        stream.ring.append(stream.item(event))
                    stream.head = events[-1].seq
            if stream.epoch == before[0]:
                metrics.broadcast(stream.source, stream.key, stream.head, stream.head - before[1])
            stream._fire()
            if stream.host:
                # The rider's readers are the host stream's readers: wake them.
                host = self.streams.get((stream.host, stream.key))
                if host is not None:
                    host._fire()

    async def read_after(self, stream: Stream, after: int, limit: int) -> tuple[list[Item], bool]:
        """Up to `limit` events after `after`, and whether the reader must reset."""
        if after > stream.head:
            # The reader has seen more than this process knows: another worker
            # is ahead of us. Re-read the log before answering.
            epoch = stream.epoch
            await self.refresh(stream)
            if after > stream.head or stream.epoch != epoch:
                # Or the log moved to a new epoch meanwhile (a takedown): the
                # reader's position means nothing there, it starts again.
                return [], True
        items = stream.items_after(after)
        if items is None or items:  # not the empty reads of heartbeats
            metrics.read_from("ring" if items else "log")
        if items is None:
            src = get_source(stream.source)
            events = await self._db(src.read, stream.key, after, limit)
            if events and events[0].seq != after + 1:
                return [], True  # the log no longer holds what the reader missed
            items = [stream.item(e) for e in events]
        return items[:limit], False

    # Wake-ups --------------------------------------------------------------

    def wake_threadsafe(self, source: str, key: str, seq: int) -> None:
        self.loop.call_soon_threadsafe(self.wake, source, key, seq)

    def wake(self, source: str, key: str, seq: int) -> None:
        stream = self.streams.get((source, key))
        if stream is not None and seq > stream.head:
            metrics.woken(source, key, seq)
            task = self.loop.create_task(self.refresh(stream))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    def start_broker(self, broker) -> None:
        """Listen to `broker` on this hub's loop for the life of the hub. The
        broker calls wake() per message, and poll_once() after every
        (re)connect so nothing published while it was away is missed."""
        if broker.listens and self._subscriber is None:
            self._subscriber = self.loop.create_task(broker.run(self))

    def _ensure_poller(self):
        if self._poller is None or self._poller.done():
            self._poller = self.loop.create_task(self._poll_forever())
        if self._heart is None or self._heart.done():
            self._heart = self.loop.create_task(self._heartbeat_forever())
        if self._watchdog is None or self._watchdog.done():
            # The send timeout of every stream write in this process (realtime/writes.py).
            self._watchdog = self.loop.create_task(writes.watch())

    async def _heartbeat_forever(self):
        """Wake the readers of a quiet stream every heartbeat interval, so
        they send a keep-alive: one timer per process, not one per reader."""
        interval = settings.REALTIME_HEARTBEAT_SECONDS
        while True:
            await asyncio.sleep(min(interval, 5) / 2)
            now = time.monotonic()
            for stream in list(self.streams.values()):
                if stream.readers and now - stream.last_fired >= interval:
                    stream._fire()

    async def _poll_forever(self):
        reported = 0.0
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                await self.poll_once()
            except Exception:
                log.exception("realtime: poll failed; retrying")
            if time.monotonic() - reported >= audience.REPORT_SECONDS:
                reported = time.monotonic()
                try:
                    await self._db(audience.report, self.audience())
                except Exception:
                    log.warning("realtime: could not report readers; retrying", exc_info=True)

    def audience(self) -> dict[str, int]:
        """This process's stream connections per public stream ("source:key"):
        riders ride on their host's connections, private streams are staff."""
        return {
            f"{s.source}:{s.key}": s.readers
            for s in self.streams.values()
            if s.readers and s.host is None and not is_private(s.source)
        }

    async def poll_once(self):
        now = time.monotonic()
        by_source: dict[str, list[Stream]] = {}
        for key, stream in list(self.streams.items()):
            if stream.readers == 0 and now - stream.last_used > IDLE_EVICT_SECONDS:
                del self.streams[key]
                continue
            by_source.setdefault(stream.source, []).append(stream)
        for source, streams in by_source.items():
            heads = await self._db(get_source(source).heads, [s.key for s in streams])
            for stream in streams:
                head = heads.get(stream.key)
                if head is None or head.epoch != stream.epoch or head.seq > stream.head:
                    await self.refresh(stream, head)

    async def close(self):
        if self._poller:
            self._poller.cancel()
        if self._heart:
            self._heart.cancel()
        if self._watchdog:
            self._watchdog.cancel()
        if self._subscriber:
            self._subscriber.cancel()
        if self._stats:
            self._stats.cancel()
        self._executor.shutdown(wait=False, cancel_futures=True)


_hub: Hub | None = None


def get_hub() -> Hub:
    """The hub of the running event loop (created on first use)."""
    global _hub
    loop = asyncio.get_running_loop()
    if _hub is None or _hub.loop is not loop:
        _hub = Hub(loop)
        add_listener(_in_process_listener)
        # The ASGI app has no start-up hook for Django, so the broker's
        # listener starts here, with the hub, on the server's own loop.
        _hub.start_broker(get_broker())
        # Readers held by a GRIP proxy, counted from its stats (REALTIME_GRIP_STATS).
        grip.start_stats(_hub)
        # Drain streams on SIGTERM (realtime/shutdown.py).
        shutdown.install(_hub)
    return _hub


def _in_process_listener(source: str, key: str, seq: int) -> None:
    # Always on, whatever the broker: a write in this process wakes this
    # process's hub at once. Other processes learn of it from the broker
    # (realtime.brokers) or, failing that, from their poll.
    hub = _hub
    if hub is not None and not hub.loop.is_closed():
        hub.wake_threadsafe(source, key, seq)
