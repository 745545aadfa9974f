"""GRIP: a proxy (Pushpin, Fastly Fanout) holds the readers' stream
connections, and the origin only tells it what to do.

    reader ──GET /live/<slug>/events──▶ proxy ──same request, Grip-Sig──▶ origin
    reader ◀── catch-up, then held ──── proxy ◀── GRIP instructions ────── origin
    writer ── after commit: POST /publish/ (the event's SSE frame) ──▶ proxy ──▶ every held reader

Three parts, all used only when REALTIME_GRIP_URL is set:

- `answer()`: the stream endpoint's reply to a request that came through the
  proxy (its Grip-Sig verified with REALTIME_GRIP_KEY when that is set): the
  catch-up frames from the ring or the log in the body, then "hold this
  connection as a stream on the blog's channel, last id E-N" (Grip-Hold,
  Grip-Channel with prev-id), a keep-alive, and a next link back to this
  endpoint from the last id (Grip-Link rel=next). That is GRIP's reliable
  mode: every published item carries its `id` and `prev-id`, and when the
  proxy sees a prev-id that is not the connection's last id (a publish lost,
  or arriving out of order for longer than Pushpin's message_wait) it asks
  the next link, whose answer (this endpoint, reading the proxy's Grip-Last
  header) sends exactly what is missing. A catch-up longer than one batch is
  answered without a hold and with the next link, so the proxy pages through.

- `publish()`: a realtime.registry publisher. After an action's commit, in
  the writing process (a server worker, the job worker, a management
  command), it reads the events the write appended from the log and POSTs
  them to the proxy's publish API, once: no other process publishes them, so
  several workers or nodes never publish an event twice. A process that
  dies between commit and publish loses nothing: the next event's prev-id
  does not match and the proxy fetches the gap from the origin.

- `ProxyAudience`: reads the proxy's stats socket (Pushpin's "sub" messages:
  subscribers per channel), so readers-now and /metrics count the readers
  the proxy holds (realtime/audience.py).

Riders (comments) go on channels of their own, `<rider source>:<key>`, as
named events without an id, exactly the frames a direct stream carries: the
proxy delivers an item without an id only on a channel without a prev-id.
Private streams (the desk) never get GRIP answers: each connection is let in
by a per-user check, and they are few (docs/realtime.md).

docs/dependencies.md says why this speaks the plain HTTP publish API with
PyJWT and urllib3 rather than through the gripcontrol/pubcontrol clients."""

import base64
import json
import logging
import os
import threading
import time
import uuid
from urllib.parse import parse_qs, urlsplit, urlunsplit

from django.conf import settings

from realtime.registry import get_source, host_of, is_private, riders_of

log = logging.getLogger(__name__)

# Events in one catch-up answer; a longer gap is paged through by the proxy.
BATCH = 200
# The connect and read timeouts of a publish. A proxy that is down refuses
# at once and costs a write nothing; one that does not answer costs it one
# timeout, then no attempts for PAUSE_SECONDS. Either way its readers lose
# nothing: a held reader gets a missed event with the next one (prev-id),
# and a reader whose connection dropped resumes from the origin.
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 2.0
PAUSE_SECONDS = 1.0


def enabled() -> bool:
    return bool(settings.REALTIME_GRIP_URL)


def channel(source: str, key: str) -> str:
    return f"{source}:{key}"


def _signing_key() -> bytes | None:
    key = settings.REALTIME_GRIP_KEY
    if not key:
        return None
    if key.startswith("base64:"):
        return base64.b64decode(key[len("base64:"):])
    return key.encode()


_verified: tuple[bytes, float] = (b"", 0.0)  # the last Grip-Sig verified, and its expiry


def via_proxy(headers: dict) -> bool:
    """Whether this request came through the GRIP proxy: its Grip-Sig is
    there and, with REALTIME_GRIP_KEY set, signed with that key and not
    expired. Pushpin signs each request with a token that changes once a
    second, so the last one verified is remembered."""
    global _verified
    sig = headers.get(b"grip-sig")
    if not sig:
        return False
    key = _signing_key()
    if key is None:
        return True
    if sig == _verified[0] and time.time() < _verified[1]:
        return True
    import jwt  # the optional "grip" extra (settings check it is there when REALTIME_GRIP_URL is set)

    try:
        claims = jwt.decode(sig, key, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.PyJWTError as exc:
        log.debug("realtime: Grip-Sig refused: %s", exc)
        return False
    _verified = (sig, float(claims["exp"]))
    return True


def _parse_id(value: str) -> tuple[int, int] | None:
    epoch, _, seq = value.strip().partition("-")
    if epoch.isdigit() and seq.isdigit():
        return int(epoch), int(seq)
    return None


def grip_last(scope, name: str) -> tuple[int, int] | None:
    """The connection's last id on channel `name`, from the Grip-Last
    header(s) the proxy sends with a next-link request."""
    for key, value in scope.get("headers", ()):
        if key != b"grip-last":
            continue
        for part in value.decode("latin-1").split(","):
            chan, _, params = part.partition(";")
            if chan.strip() != name:
                continue
            for param in params.split(";"):
                k, _, v = param.partition("=")
                if k.strip() == "last-id":
                    return _parse_id(v)
    return None


def instructions(stream, path: str, epoch: int, last: int, more: bool) -> list[tuple[bytes, bytes]]:
    """GRIP headers for an answer that ends at `epoch-last`: a hold on the
    stream's channel (and its riders'), or, with `more` to come, only the
    next link so the proxy asks for the following page at once."""
    link = b"<%s?after=%d&epoch=%d&next=1>; rel=next" % (path.encode(), last, epoch)
    if more:
        return [(b"grip-link", link)]
    channels = [f"{channel(stream.source, stream.key)}; prev-id={epoch}-{last}"]
    channels += [channel(rider, stream.key) for rider in riders_of(stream.source)]
    return [
        (b"grip-hold", b"stream"),
        (b"grip-channel", ", ".join(channels).encode()),
        # The proxy sends the keep-alive comment itself, as the direct stream does.
        (b"grip-keep-alive", b": keep-alive\\n\\n; format=cstring; timeout=%d" % settings.REALTIME_HEARTBEAT_SECONDS),
        (b"grip-link", link),
    ]


# Publishing ---------------------------------------------------------------


def _content(frame: bytes) -> dict:
    try:
        return {"content": frame.decode("utf-8")}
    except UnicodeDecodeError:
        return {"content-bin": base64.b64encode(frame).decode("ascii")}


def items_for(source: str, key: str, first: int, seq: int) -> list[dict]:
    """The publish items for the events `first`..`seq` of a stream, read
    from the log (in the writing thread, after commit)."""
    from realtime.hub import Item  # the same frames, byte for byte, as a direct stream's

    if is_private(source):
        return []  # private streams bypass the proxy
    src = get_source(source)
    count = max(1, min(seq - first + 1, BATCH))
    rider = host_of(source)
    if rider is not None:
        # A rider's events are extras the page can refetch: no id, no
        # prev-id, on a channel of their own, as on a direct stream.
        events = [e for e in src.read(key, seq - count, count) if e.seq <= seq]
        return [
            {"channel": channel(source, key), "formats": {"http-stream": _content(Item(0, e, source.encode()).frame)}}
            for e in events
        ]
    head = src.head(key)
    events = [] if head is None else [e for e in src.read(key, seq - count, count) if e.seq <= seq]
    if not events:
        # The stream is gone (a renamed blog) or moved to a new epoch with
        # nothing to send: an item whose prev-id no connection has makes the
        # proxy ask the origin, whose answer tells each reader to start again.
        return [{"channel": channel(source, key), "id": f"nudge-{uuid.uuid4().hex}", "prev-id": "nudge",
                 "formats": {"http-stream": {"content": ""}}}]
    return [
        {
            "channel": channel(source, key),
            "id": f"{head.epoch}-{e.seq}",
            "prev-id": f"{head.epoch}-{e.seq - 1}",
            "formats": {"http-stream": _content(Item(head.epoch, e).frame)},
        }
        for e in events
    ]


class Publisher:
    """POSTs items to the proxy's publish API (`<REALTIME_GRIP_URL>/publish/`).
    Fanout-style `?iss=<realm>` on the URL names the JWT's issuer."""

    def __init__(self, url: str):
        import urllib3

        parts = urlsplit(url)
        self.iss = (parse_qs(parts.query).get("iss") or ["newsline"])[0]
        self.endpoint = urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/publish/", "", ""))
        timeout = urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS)
        self.http = urllib3.PoolManager(maxsize=4, retries=False, timeout=timeout)
        self.paused_until = 0.0
        self.failing = False

    def headers(self) -> dict:
        headers = {"Content-Type": "application/json"}
        key = _signing_key()
        if key is not None:
            import jwt

            token = jwt.encode({"iss": self.iss, "exp": int(time.time()) + 600}, key, algorithm="HS256")
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def send(self, items: list[dict]) -> bool:
        """Publish; False (logged once per outage) when the proxy refused or did not answer."""
        if not items or time.monotonic() < self.paused_until:
            return False
        import urllib3

        body = json.dumps({"items": items}).encode()
        try:
            response = self.http.request("POST", self.endpoint, body=body, headers=self.headers())
            if response.status >= 300:
                raise OSError(f"HTTP {response.status}: {response.data[:200]!r}")
        except Exception as exc:
            if not self.failing:
                log.warning(
                    "realtime: publishing to the GRIP proxy at %s failed (%s); its held readers get the event "
                    "with the next one (prev-id), reconnecting readers from the origin.", self.endpoint, exc,
                )
            self.failing = True
            if isinstance(exc, (urllib3.exceptions.TimeoutError, urllib3.exceptions.MaxRetryError)) and \
                    "refused" not in str(exc).lower():
                self.paused_until = time.monotonic() + PAUSE_SECONDS
            return False
        if self.failing:
            log.info("realtime: publishing to the GRIP proxy at %s works again", self.endpoint)
            self.failing = False
        self.paused_until = 0.0
        return True


_publishers: tuple[str, list[Publisher]] = ("", [])
_publishers_lock = threading.Lock()


def publishers() -> list[Publisher]:
    """One per proxy in REALTIME_GRIP_URL: Pushpin instances share nothing,
    so each event goes to every one."""
    global _publishers
    with _publishers_lock:
        if _publishers[0] != settings.REALTIME_GRIP_URL:
            urls = [u.strip() for u in settings.REALTIME_GRIP_URL.split(",") if u.strip()]
            _publishers = (settings.REALTIME_GRIP_URL, [Publisher(u) for u in urls])
        return _publishers[1]


def publish(source: str, key: str, first: int, seq: int) -> None:
    """The realtime.registry publisher: after commit, in the writing thread."""
    if not settings.REALTIME_GRIP_URL:
        return
    live = [p for p in publishers() if time.monotonic() >= p.paused_until]
    if not live:
        return
    items = items_for(source, key, first, seq)
    if len(live) == 1:
        live[0].send(items)
        return
    # Several instances: to all at once, so the writer waits for the slowest
    # (a proxy answers once its handler has taken the items, which waits for
    # a fan-out in progress), not for the sum; still done before it returns,
    # so one writer's events reach each instance in order.
    for sending in [_sender().submit(pub.send, items) for pub in live]:
        sending.result()


_sender_pool = None


def _forget_after_fork() -> None:
    """A forked child has none of its parent's threads, and must not share
    its parent's connections: a pool whose threads stayed behind would take
    the child's sends and never run them. The child starts its own."""
    global _sender_pool, _publishers, _publishers_lock
    _sender_pool = None
    _publishers = ("", [])
    _publishers_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def _sender():
    global _sender_pool
    with _publishers_lock:
        if _sender_pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _sender_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="grip-publish")
        return _sender_pool


# Readers held by the proxy ----------------------------------------------------


class ProxyAudience:
    """Subscribers per channel, from the proxy's stats socket: Pushpin
    publishes a "sub" message whenever a channel's count changes and again
    before its ttl runs out, so a count not refreshed in time is dropped.
    Needs `stats_format=json` in pushpin.conf (deploy/pushpin.conf.template)."""

    def __init__(self, addresses: str):
        self.addresses = [a.strip() for a in addresses.split(",") if a.strip()]
        self.name = "grip-" + "+".join(self.addresses)
        # (proxy instance, channel) -> (subscribers, expires at)
        self.counts: dict[tuple[str, str], tuple[int, float]] = {}
        self.connected = False

    def take(self, message: bytes) -> None:
        kind, _, rest = message.partition(b" ")
        if kind != b"sub" or not rest.startswith(b"J"):
            return
        try:
            data = json.loads(rest[1:])
            key = (str(data.get("from", "")), str(data["channel"]))
        except (ValueError, KeyError, TypeError):
            return
        if data.get("unavailable") or not data.get("subscribers"):
            self.counts.pop(key, None)
        else:
            ttl = float(data.get("ttl") or 60)
            self.counts[key] = (int(data["subscribers"]), time.monotonic() + ttl * 1.5)

    def audience(self) -> dict[str, int]:
        """Readers per public stream ("source:key"), as audience.report takes them."""
        now = time.monotonic()
        totals: dict[str, int] = {}
        for (proxy, chan), (n, expires) in list(self.counts.items()):
            if expires < now:
                self.counts.pop((proxy, chan), None)
                continue
            source, _, key = chan.partition(":")
            if source in _public_hosts():
                totals[chan] = totals.get(chan, 0) + n
        return totals

    async def run(self, hub) -> None:
        """Listen for the life of the process, and report the counts with
        the hub's own readers every audience.REPORT_SECONDS."""
        import zmq
        import zmq.asyncio

        from realtime import audience

        ctx = zmq.asyncio.Context.instance()
        sock = ctx.socket(zmq.SUB)
        sock.setsockopt(zmq.SUBSCRIBE, b"sub ")
        sock.setsockopt(zmq.LINGER, 0)
        for address in self.addresses:
            sock.connect(address)  # ZeroMQ reconnects by itself when the proxy restarts
        self.connected = True
        reported = 0.0
        try:
            while True:
                if await sock.poll(1000):
                    while True:
                        try:
                            self.take(await sock.recv(zmq.NOBLOCK))
                        except zmq.Again:
                            break
                if time.monotonic() - reported >= audience.REPORT_SECONDS:
                    reported = time.monotonic()
                    try:
                        await hub._db(audience.report, self.audience(), self.name)
                    except Exception:
                        log.warning("realtime: could not report the proxy's readers; retrying", exc_info=True)
        finally:
            sock.close()


def _public_hosts() -> set[str]:
    from realtime.registry import _sources

    return {name for name in _sources if host_of(name) is None and not is_private(name)}


proxy_audience: ProxyAudience | None = None


def start_stats(hub) -> None:
    """Read the proxy's stats socket on the hub's loop (REALTIME_GRIP_STATS)."""
    global proxy_audience
    if not settings.REALTIME_GRIP_STATS:
        return
    proxy_audience = ProxyAudience(settings.REALTIME_GRIP_STATS)
    hub._stats = hub.loop.create_task(proxy_audience.run(hub))
