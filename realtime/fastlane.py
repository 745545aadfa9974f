"""The fast lane's two reader endpoints as plain ASGI handlers: no Django
request cycle, no database on the hot path.

    GET <stream>/events    Server-Sent Events, resumable with Last-Event-ID
    GET <stream>/updates   the same events as JSON, cacheable, ETag/304
"""

import asyncio
import logging
import random
import re
import time
from time import monotonic
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from newsline.lib.conditional import etag_matches
from realtime import grip, metrics, shutdown, writes
from realtime.hub import Stream, get_hub
from realtime.pagecache import PageCache
from realtime.purge import surrogate_key
from realtime.registry import get_source, is_private, riders_of
from realtime.writes import writing

log = logging.getLogger(__name__)

RETRY_MS = 3000
SSE_BATCH = 200


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _query_int(scope, name: str) -> int | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name)
    if not values:
        return None
    try:
        value = int(values[0])
    except ValueError:
        return None
    return value if value >= 0 else None


async def _plain(send, status: int, body: bytes, headers: list | None = None):
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"%d" % len(body))]
            + (headers or []),
        }
    )
    await send({"type": "http.response.body", "body": body})


def parse_event_id(value: str | None) -> tuple[int, int] | None:
    """'<epoch>-<seq>' as sent in SSE ids."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{1,10})-(\d{1,18})", value.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


class FastLane:
    """Serves each registered source's endpoints under its URL prefix:
    `<prefix><key>/events` (SSE), `<prefix><key>/updates` (JSON) and
    `<prefix><key>/` (its first page, from the in-memory page cache).

    Every request here costs a few microseconds of Python, so the routing is
    string slicing and dict lookups, not a list of regular expressions."""

    ENDPOINTS = {"events": "events", "updates": "updates", "": "page"}

    def __init__(self, prefixes: dict[str, str], page_renderer=None):
        # prefixes: {"/live/": "liveblog"} — URL prefix → source name
        self.prefixes = list(prefixes.items())
        self.pages = PageCache(page_renderer) if page_renderer else None
        self._hosts: dict[bytes, bool] = {}

    def match(self, scope):
        """(source, key, endpoint) to serve here, or None to leave it to the app."""
        path = scope["path"]
        for prefix, source in self.prefixes:
            if not path.startswith(prefix):
                continue
            key, slash, tail = path[len(prefix):].partition("/")
            endpoint = self.ENDPOINTS.get(tail) if slash else None
            if endpoint is None or not _KEY.fullmatch(key):
                return None
            if is_private(source) and endpoint != "events":
                return None  # a private stream has no page and no cacheable catch-up
            if endpoint == "page" and (
                self.pages is None or scope["query_string"] or scope["method"] not in ("GET", "HEAD")
            ):
                return None  # other pages of the blog, forms: the app answers
            return source, key, endpoint
        return None

    def host_allowed(self, host: bytes) -> bool:
        """Django's ALLOWED_HOSTS rule, remembered per Host value (bounded)."""
        allowed = self._hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host.decode("latin-1").lower())
            allowed = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
            if len(self._hosts) < 256:
                self._hosts[host] = allowed
        return allowed

    async def __call__(self, scope, receive, send, matched):
        source, key, endpoint = matched
        headers = dict(scope["headers"])
        if not self.host_allowed(headers.get(b"host", b"")):
            # The same rule Django applies, so the fast lane answers no host Django would refuse.
            await _plain(send, 400, b"Bad Request\n")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain(send, 405, b"Method not allowed\n", [(b"allow", b"GET, HEAD")])
            return
        hub = get_hub()
        private = is_private(source)
        if private and not await hub._db(get_source(source).allow, key, headers):
            # Checked before the stream is looked up: nobody learns what exists.
            await _plain(send, 403, b"Forbidden\n", [(b"cache-control", b"private, no-store")])
            return
        stream = await hub.get(source, key)
        if endpoint == "events" and not private and grip.enabled() and grip.via_proxy(headers):
            # Through the GRIP proxy: it holds the connection, we say how.
            # A stream that is gone answers the proxy's own recovery request
            # (Grip-Last) with a reset; a new reader gets the app's answer.
            if stream is not None or grip.grip_last(scope, grip.channel(source, key)) is not None:
                await serve_grip(scope, send, hub, stream, source, key)
                return
        if stream is None:
            if self.pages is not None and not private:
                # The app's own answer: a 404, or a redirect from an address
                # the stream had before (a renamed live blog).
                await self.pages.render_app(scope, receive, send)
            else:
                await _plain(send, 404, b"Not found\n", [(b"cache-control", b"no-store")])
            return
        if endpoint == "events":
            await serve_events(scope, receive, send, hub, stream, private=private)
        elif endpoint == "updates":
            await serve_updates(scope, send, hub, stream)
        else:
            await self.pages.serve(scope, receive, send, hub, stream, headers.get(b"if-none-match"))


_KEY = re.compile(r"[-\w]{1,120}")  # a blog slug in any script; scope["path"] is decoded UTF-8


async def serve_updates(scope, send, hub, stream: Stream):
    """JSON catch-up: events after ?after=N (and ?epoch=E), at most K."""
    after = _query_int(scope, "after")
    epoch = _query_int(scope, "epoch")
    if after is None:
        after = stream.head
    limit = settings.REALTIME_UPDATES_LIMIT
    reset = epoch is not None and epoch != stream.epoch
    items = []
    if not reset:
        items, reset = await hub.read_after(stream, after, limit)
    etag = b'"%d-%d-%d%s"' % (stream.epoch, stream.head, after, b"r" if reset else b"")
    headers = [
        (b"etag", etag),
        (
            b"cache-control",
            b"public, max-age=%d, stale-while-revalidate=%d, stale-if-error=86400"
            % (settings.READER_CACHE_MAX_AGE, settings.READER_CACHE_SWR),
        ),
        (b"surrogate-key", surrogate_key(stream.source, stream.key).encode()),
        (b"access-control-allow-origin", b"*"),
        (b"x-content-type-options", b"nosniff"),
    ]
    inm = _header(scope, b"if-none-match")
    if etag_matches(inm, etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    more = bool(items) and items[-1].seq < stream.head
    body = b'{"epoch":%d,"head":%d,"reset":%s,"more":%s,"events":[%s]}' % (
        stream.epoch,
        stream.head,
        b"true" if reset else b"false",
        b"true" if more else b"false",
        b",".join(i.payload for i in items),
    )
    headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body if scope["method"] == "GET" else b""})


async def serve_events(scope, receive, send, hub, stream: Stream, private: bool = False):
    """A Server-Sent Events stream. Each reader keeps only its position; the
    frames are shared, encoded once per event per process. A `private`
    stream (already let in by its source) must never be stored by a cache."""
    resume = parse_event_id(_header(scope, b"last-event-id"))
    reset = False
    if resume is not None:
        epoch, after = resume
        reset = epoch != stream.epoch
    else:
        after = _query_int(scope, "after")
        epoch = _query_int(scope, "epoch")
        reset = epoch is not None and epoch != stream.epoch
        if epoch is None:
            epoch = stream.epoch
        if after is None:
            after = stream.head
    # The reader's position is (epoch, after) as of now: the loads below may
    # wait while the log moves to a new epoch, which must then reset it.

    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream; charset=utf-8"),
                (b"cache-control", b"private, no-store, no-transform" if private else b"no-cache, no-transform"),
                (b"x-accel-buffering", b"no"),  # nginx: pass through unbuffered
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )

    # Per reader: this coroutine, its position, and one small task that
    # cancels it when the client leaves (ASGI servers may drop writes to a
    # gone client silently, so a failed write cannot be relied on to notice).
    me = asyncio.current_task()
    watcher = asyncio.ensure_future(_cancel_on_disconnect(receive, me))
    # Riders (comments on this blog…) come along on this connection from
    # their head at connect: the page loads what came before by itself.
    riders = [r for r in [await hub.get(name, stream.key) for name in riders_of(stream.source)] if r is not None]
    rider_after = [r.head for r in riders]
    stream.readers += 1
    for r in riders:
        r.readers += 1
    try:
        if not await _send(send, b"retry: %d\n\n" % RETRY_MS, me):
            return
        # Every stream ends after a while (jittered, so readers do not all
        # come back at once) and the browser resumes by Last-Event-ID. That
        # bounds how long a server that never reports a vanished client can
        # hold on to it, and spreads readers over new workers after a deploy.
        ends_at = time.monotonic() + settings.REALTIME_STREAM_MAX_SECONDS * random.uniform(0.75, 1.0)
        woken = False
        while True:
            if reset or stream.gone or stream.epoch != epoch:
                # A new epoch (the log was restored) while the reader was connected too.
                if await _send(send, _reset_frame(stream), me):
                    await _end(send)
                return  # the page refetches; its new stream starts clean
            changed = stream.changed()
            if after == stream.head:
                items = ()  # caught up (after every write): no read, no coroutine
            elif after + 1 == stream.head and stream.ring and stream.ring[-1].seq == stream.head:
                items = (stream.ring[-1],)  # one new event, the ring's newest: the common wake-up
                metrics.read_from("ring")
            else:
                items, reset = await hub.read_after(stream, after, SSE_BATCH)
                if reset or stream.epoch != epoch:
                    continue  # a new epoch while reading: the reset above, never its events
            if items:
                if not await _send(send, items[0].frame if len(items) == 1 else b"".join(i.frame for i in items), me):
                    return
                after = items[-1].seq
                woken = False
                continue
            if riders and _riders_moved(riders, rider_after) and (
                frames := await _rider_frames(hub, riders, rider_after)
            ):
                if not await _send(send, frames, me):
                    return
                woken = False
                continue
            if shutdown.draining:
                # This process is stopping: caught up, the reader comes back
                # after a jittered delay and resumes from its Last-Event-ID.
                if await _send(send, shutdown.retry_frame(), me):
                    await _end(send)
                metrics.SHUTDOWN_CLOSED.inc()
                return
            if woken:
                # Woken with nothing new: the hub's heartbeat for a quiet stream.
                if time.monotonic() > ends_at:
                    await _end(send)
                    return
                if not await _send(send, b": keep-alive\n\n", me):
                    return
            # Every reader of the stream awaits this one future (realtime.hub.Wakeup).
            await changed
            woken = True
    except asyncio.CancelledError:
        if not watcher.done():
            raise  # cancelled by the server, not by the client leaving
    finally:
        stream.readers -= 1
        stream.last_used = time.monotonic()
        for r in riders:
            r.readers -= 1
            r.last_used = stream.last_used
        watcher.cancel()


async def serve_grip(scope, send, hub, stream: Stream | None, source: str, key: str):
    """The answer to a stream request that came through a GRIP proxy
    (realtime/grip.py): the catch-up from the reader's position in the body,
    then instructions to hold the connection on the stream's channel from
    the last id sent. Nothing is held here: the answer is complete at once.

    The position is the furthest of what the request says: the proxy's
    Grip-Last (a recovery on a held connection), the browser's
    Last-Event-ID (a reconnect), the link's or page's `?after=&epoch=`.
    Pushpin sends Grip-Last unchanged while it pages through a long
    catch-up, and the page's `?after` is older than any Last-Event-ID, so
    the furthest is always the right one; a position from another epoch
    than the stream's is told to reset."""
    positions = [p for p in (grip.grip_last(scope, grip.channel(source, key)),
                             parse_event_id(_header(scope, b"last-event-id"))) if p is not None]
    after = _query_int(scope, "after")
    if after is not None:
        epoch = _query_int(scope, "epoch")
        positions.append((epoch if epoch is not None else stream.epoch if stream else 0, after))
    headers = [
        (b"content-type", b"text/event-stream; charset=utf-8"),
        (b"cache-control", b"no-cache, no-transform"),
        (b"x-accel-buffering", b"no"),
        (b"x-content-type-options", b"nosniff"),
    ]
    # The browser's own request gets the retry hint; the proxy's follow-ups
    # (next links, recoveries) add to a stream that already has it.
    first = _query_int(scope, "next") is None and not any(k == b"grip-last" for k, _ in scope["headers"])
    body = [b"retry: %d\n\n" % RETRY_MS] if first else []
    items: list = []
    reset = stream is None or stream.gone
    if not reset:
        epoch, after = max(positions) if positions else (stream.epoch, stream.head)
        reset = epoch != stream.epoch
        if not reset:
            items, reset = await hub.read_after(stream, after, grip.BATCH)
    if reset:
        # No hold and no link: the proxy sends this and ends the response;
        # the page starts again from a fresh copy.
        body.append(_reset_frame(stream) if stream is not None else b'event: reset\ndata: {"kind":"reset"}\n\n')
    else:
        last = items[-1].seq if items else after
        body.extend(item.frame for item in items)
        path = scope.get("root_path", "") + scope["path"]
        headers += grip.instructions(stream, path, stream.epoch, last, more=last < stream.head)
    data = b"".join(body)
    headers.append((b"content-length", b"%d" % len(data)))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": data if scope["method"] == "GET" else b""})


def _riders_moved(riders: list[Stream], after: list[int]) -> bool:
    """Whether any rider has something for this reader (checked on every
    wake-up of every reader: a loop, not a coroutine)."""
    for i, rider in enumerate(riders):
        if rider.head != after[i] or rider.gone:
            return True
    return False


async def _rider_frames(hub, riders: list[Stream], after: list[int]) -> bytes:
    """New events of the riders since each one's position, advancing it. A
    rider whose log was reset simply carries on from its new head: its events
    are extras (counts, comments) the page can refetch, not the blog."""
    frames = []
    for i, rider in enumerate(riders):
        if rider.head == after[i] and not rider.gone:
            continue
        if rider.gone or rider.head < after[i]:
            after[i] = rider.head
            continue
        items, reset = await hub.read_after(rider, after[i], SSE_BATCH)
        if reset or not items:
            after[i] = rider.head
            continue
        frames.extend(item.frame for item in items)
        after[i] = items[-1].seq
    return b"".join(frames)


def _reset_frame(stream: Stream) -> bytes:
    return b'event: reset\ndata: {"kind":"reset","epoch":%d,"head":%d}\n\n' % (stream.epoch, stream.head)


async def _end(send) -> None:
    """End a stream the way HTTP ends a response (the last, empty chunk),
    not by dropping the connection: a proxy in front then sees a finished
    response (nginx logs "upstream prematurely closed" otherwise) and the
    browser a clean end before it reconnects."""
    try:
        async with asyncio.timeout(1):
            await send({"type": "http.response.body", "body": b"", "more_body": False})
    except Exception as exc:  # the reader left meanwhile: nothing to finish
        log.debug("realtime: could not end the stream: %r", exc)


async def _send(send, data: bytes, task: asyncio.Task) -> bool:
    """Write a frame; a client that will not take it in time is cut off (it
    resumes from its Last-Event-ID), so a slow reader never grows memory.
    The time limit is one watchdog per process (realtime/writes.py), not a
    timer per write."""
    writing[task] = monotonic()  # writes.write(), inlined: this runs once per reader per event
    try:
        await send({"type": "http.response.body", "body": data, "more_body": True})
        return True
    except asyncio.CancelledError:
        if not writes.was_cut(task):
            raise
        metrics.DROPPED.inc()
        log.debug("realtime: slow reader cut off")
        return False
    except (OSError, RuntimeError) as exc:
        log.debug("realtime: reader cut off: %r", exc)
        return False
    except Exception as exc:  # servers raise their own "client gone" errors
        log.debug("realtime: send failed: %r", exc)
        return False
    finally:
        writing.pop(task, None)


async def _cancel_on_disconnect(receive, reader: asyncio.Task):
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            reader.cancel()
            return
