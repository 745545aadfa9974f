"""The first page of a stream (e.g. a live blog's reader page), kept in
memory per process and served without entering the app behind it.

An entry is rendered by that app (Django) once per head: the page's ETag
names the epoch and head it was rendered at, and an entry is served while
it is at least as new as the stream's head in this process. Readers that
send the ETag back get a 304 from memory. Only anonymous-equivalent
requests are rendered: cookies and conditional headers are dropped, so the
entry is the same bytes for everyone, which it must be anyway."""

import asyncio
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from newsline.lib.conditional import etag_matches
from realtime import metrics
from realtime.hub import Stream

log = logging.getLogger(__name__)

MAX_ENTRIES = 500
_ETAG = re.compile(rb'(?:W/)?"(\d+)-(\d+)-')


@dataclass(slots=True)
class Entry:
    epoch: int
    head: int
    etag: bytes
    headers: list
    body: bytes
    # Built once, so a hit costs no list building.
    hit_200: list = field(default_factory=list)
    hit_304: list = field(default_factory=list)

    def __post_init__(self):
        self.hit_200 = self.headers + [(b"x-cache", b"hit")]
        self.hit_304 = [(k, v) for k, v in self.headers if k not in (b"content-length", b"content-type")]
        self.hit_304.append((b"x-cache", b"hit"))


class PageCache:
    def __init__(self, render_app):
        self.render_app = render_app
        self.entries: OrderedDict[tuple[str, str], Entry] = OrderedDict()
        self._inflight: dict[tuple[str, str], asyncio.Future] = {}
        self.hits = 0
        self.renders = 0

    def fresh(self, stream: Stream) -> Entry | None:
        entry = self.entries.get((stream.source, stream.key))
        if entry is None or entry.epoch != stream.epoch or entry.head < stream.head:
            return None
        self.entries.move_to_end((stream.source, stream.key))
        return entry

    async def serve(self, scope, receive, send, hub, stream: Stream, if_none_match: bytes | None) -> None:
        if if_none_match is not None:
            m = _ETAG.match(if_none_match)
            if m and int(m.group(1)) == stream.epoch and int(m.group(2)) > stream.head:
                # The reader has a newer page than this process knows of
                # (another worker served it): never send it back in time.
                await hub.refresh(stream)
        entry = self.fresh(stream)
        hit = entry is not None
        metrics.PAGE_CACHE.labels("hit" if hit else "miss").inc()
        if hit:
            self.hits += 1
        else:
            entry = await self._render_once(scope, stream)
            if entry is None:
                # Not a cacheable 200 (an error, a redirect): let the app answer.
                await self.render_app(scope, receive, send)
                return
        if etag_matches(if_none_match, entry.etag):
            headers = entry.hit_304 if hit else entry.hit_304[:-1] + [(b"x-cache", b"miss")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = entry.hit_200 if hit else entry.headers + [(b"x-cache", b"miss")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body if scope["method"] == "GET" else b""})

    async def _render_once(self, scope, stream: Stream) -> Entry | None:
        """One render per stream at a time; concurrent readers share it."""
        key = (stream.source, stream.key)
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        entry = None
        try:
            entry = await self._render(scope)
        except Exception:
            log.exception("realtime: rendering %s failed; the app will answer directly", key)
        finally:
            del self._inflight[key]
            future.set_result(entry)
        if entry is not None:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_ENTRIES:
                self.entries.popitem(last=False)
        return entry

    async def _render(self, scope) -> Entry | None:
        self.renders += 1
        keep = (b"host", b"accept-encoding", b"x-forwarded-proto")
        clean = dict(scope)
        clean["method"] = "GET"
        clean["query_string"] = b""
        clean["headers"] = [(k, v) for k, v in scope.get("headers", ()) if k in keep]
        start: dict = {}
        chunks: list[bytes] = []

        asked = False

        async def receive():
            # The (empty) body once; after that the "client" never leaves:
            # Django cancels this wait when the response is done.
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await asyncio.Event().wait()

        async def send(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.render_app(clean, receive, send)
        # Lower-cased: Django sends "Content-Length", and a 304 must drop it.
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        etag = next((v for k, v in headers if k.lower() == b"etag"), None)
        if start.get("status") != 200 or etag is None or any(k.lower() == b"set-cookie" for k, v in headers):
            return None
        if any(k == b"content-security-policy" and b"'nonce-" in v for k, v in headers):
            return None  # a CSP nonce is for one response only: never serve it twice
        m = _ETAG.match(etag)
        if not m:
            return None
        return Entry(int(m.group(1)), int(m.group(2)), etag, headers, b"".join(chunks))


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return None
