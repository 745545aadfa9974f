"""The reader page's analytics beacon: what editors learn about page views,
permalink opens, shares and polling readers without a tracker and without
touching the cached page.

The reader page is the same bytes for everyone and may be served by a CDN,
so it cannot count itself. Its script (live.js) sends one small POST per
view instead (navigator.sendBeacon):

    POST /live/<slug>/beacon?k=view           a page view
    POST /live/<slug>/beacon?k=view&p=<id>    a view of post <id>'s permalink
    POST /live/<slug>/beacon?k=share&p=<id>   the post's share button used
    POST /live/<slug>/beacon?k=poll           once a minute while the page
                                              polls instead of streaming

It is answered here, in front of Django (newsline/asgi.py), with a 204 and
no body: no session, no cookie set or read, no database. Each server process
adds the counts up in memory, per blog, hour and post, and writes them every
ANALYTICS_FLUSH_SECONDS in one short transaction (TrafficHour, PostTraffic),
adding to what other processes wrote, and once more on a graceful stop.
Unknown blogs and posts are dropped at that point, so the hot path needs no
lookup.

Nothing about the reader is kept: the client address is used only to limit
how many beacons one address may count a minute (ANALYTICS_BEACONS_PER_MINUTE,
forgotten at the end of the minute). With REDIS_URL the limit is shared by
every process and node (SharedLimit: one counter per address and minute in
Redis, two minutes' expiry); without it, or while Redis is away, each
process counts in memory, so N processes allow up to N times the limit. The
answer never waits for Redis: the beacon is answered at once and counted
when Redis has said whether the address is within its limit. A cross-site
POST (an Origin other than the page's own host) is not counted."""

import asyncio
import logging
import time
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F

log = logging.getLogger(__name__)

PREFIX = "/live/"
SUFFIX = "/beacon"
KINDS = ("view", "share", "poll")
# Bounds on what a process holds between two writes, whatever arrives.
MAX_KEYS = 20_000
MAX_ADDRESSES = 50_000
# Beacons waiting for Redis's word on their address's limit (one call in
# flight at a time per process); past it, this process decides alone.
MAX_WAITING = 10_000
# Addresses (Redis keys) per script call: a script blocks the shared Redis
# (cache, rate limits, votes) while it runs, so what waited goes in calls of
# at most this many keys, one after another (votes.fastlane.MAX_BATCH).
MAX_BATCH = 500
# After Redis failed, count in this process for this long before trying it again.
REDIS_PAUSE_SECONDS = 5

# (slug, kind, post id or 0, hour start as a UTC timestamp) -> count
_counts: Counter = Counter()
_window = 0  # the minute the address counts below belong to
_addresses: Counter = Counter()
_flusher: asyncio.Task | None = None


def match(scope) -> str | None:
    """The blog slug if this request is a beacon, else None (Django answers)."""
    path = scope["path"]
    if path.startswith(PREFIX) and path.endswith(SUFFIX):
        slug = path[len(PREFIX) : -len(SUFFIX)]
        if slug and "/" not in slug and len(slug) <= 120:
            return slug
    return None


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return ""


def client_address(scope) -> str:
    """The reader's address as Django's rate limits see it: X-Forwarded-For
    only through TRUSTED_PROXY_COUNT proxies, else the connection's own."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in _header(scope, b"x-forwarded-for").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    client = scope.get("client")
    return client[0] if client else "unknown"


def _allowed(address: str, now: float) -> bool:
    global _window
    minute = int(now // 60)
    if minute != _window:
        _window = minute
        _addresses.clear()
    if address not in _addresses and len(_addresses) >= MAX_ADDRESSES:
        return False
    _addresses[address] += 1
    return _addresses[address] <= settings.ANALYTICS_BEACONS_PER_MINUTE


# Per address and minute, for every beacon that arrived while the previous
# call was out: INCRBY the key by how many came (KEYS[i], ARGV[i + 1]) and
# return its new totals. ARGV[1] is the keys' lifetime in seconds.
_SCRIPT = """
local out = {}
for i = 1, #KEYS do
  local n = redis.call('INCRBY', KEYS[i], ARGV[i + 1])
  if n == tonumber(ARGV[i + 1]) then redis.call('EXPIRE', KEYS[i], ARGV[1]) end
  out[i] = n
end
return out
"""


class SharedLimit:
    """ANALYTICS_BEACONS_PER_MINUTE per address across every process, kept
    in Redis (votes.fastlane's pattern, on the fast lane's shared client:
    the beacons that arrived meanwhile go in script calls of at most
    MAX_BATCH addresses each, and only one call is out at a time). `offer`
    never waits: the beacon is counted
    once the address's total for the minute is known. Without REDIS_URL,
    while Redis is failing (then for REDIS_PAUSE_SECONDS), or with
    MAX_WAITING beacons already waiting, this process's own limit decides."""

    def __init__(self):
        self._waiting: list[tuple[str, str, tuple]] = []  # (Redis key, address, count()'s arguments)
        self._task: asyncio.Task | None = None
        self._loop = None
        self._script = None
        self._paused_until = 0.0
        self.calls = 0  # script calls made (each carries one or more beacons)

    def offer(self, address: str, counted: tuple, now: float) -> None:
        """Count `counted` ((slug, kind, post id)) if `address` is within its limit."""
        if not settings.REDIS_URL or time.monotonic() < self._paused_until or len(self._waiting) >= MAX_WAITING:
            if _allowed(address, now):
                count(*counted, now=now)
            return
        from django.core.cache import cache

        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a new loop (tests): what waited on the old one went with it
            self._loop, self._waiting, self._task, self._script = loop, [], None, None
        key = cache.make_key(f"beacons:{int(now // 60)}:{address}")
        self._waiting.append((key, address, (*counted, now)))
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._send())

    async def settled(self) -> None:
        """Wait until every beacon offered so far is counted or refused
        (the ASGI lifespan's shutdown, before the last write). What waits on
        another event loop (a test's, gone) is not waited for."""
        while self._task is not None and not self._task.done() and self._loop is asyncio.get_running_loop():
            await asyncio.shield(self._task)

    async def _send(self) -> None:
        await asyncio.sleep(0)  # every beacon of this turn of the loop goes in the first call
        while self._waiting:
            batch, wanted = self._next_batch()
            try:
                totals = await self._call(wanted)
            except Exception as exc:
                self._failed(exc)
                # Paused now: what still waits is decided here too, not tried call by call.
                batch, self._waiting = batch + self._waiting, []
                for _key, address, (slug, kind, post_id, now) in batch:
                    if _allowed(address, now):
                        count(slug, kind, post_id, now=now)
            else:
                if self._paused_until:
                    log.info("analytics: Redis answers again: the beacon limit is shared again")
                    self._paused_until = 0.0
                # Of a key's beacons in this call, the first ones fit under the limit.
                room = {
                    key: settings.ANALYTICS_BEACONS_PER_MINUTE - (int(total) - wanted[key])
                    for key, total in zip(wanted, totals)
                }
                for key, _address, (slug, kind, post_id, now) in batch:
                    if room[key] > 0:
                        count(slug, kind, post_id, now=now)
                    room[key] -= 1
            _schedule_flush()  # a write may have taken the counts while this call was out

    def _next_batch(self) -> tuple[list, dict[str, int]]:
        """The oldest waiting beacons, as many as come from at most
        MAX_BATCH addresses, taken off the queue; and how many each key has
        among them."""
        wanted: dict[str, int] = {}
        taken = 0
        for key, _address, _counted in self._waiting:
            if key not in wanted:
                if len(wanted) == MAX_BATCH:
                    break
                wanted[key] = 0
            wanted[key] += 1
            taken += 1
        batch = self._waiting[:taken]
        del self._waiting[:taken]
        return batch, wanted

    async def _call(self, wanted: dict[str, int]) -> list:
        from newsline.lib import redis_clients

        if self._script is None:
            self._script = redis_clients.client().register_script(_SCRIPT)
        self.calls += 1
        # Two minutes: the key outlives its minute on every clock.
        return await self._script(keys=list(wanted), args=[120, *wanted.values()])

    def _failed(self, exc: Exception) -> None:
        if not self._paused_until:
            log.warning(
                "analytics: Redis unavailable (%s): beacons are limited per process for %g s",
                type(exc).__name__,
                REDIS_PAUSE_SECONDS,
            )
        self._paused_until = time.monotonic() + REDIS_PAUSE_SECONDS


limit = SharedLimit()


def _same_site(scope) -> bool:
    origin = _header(scope, b"origin")
    if not origin or origin == "null":
        return not origin  # no Origin (an old browser): counted; "null" (a sandbox): not
    return urlsplit(origin).netloc.lower() == _header(scope, b"host").lower()


def count(slug: str, kind: str, post_id: int = 0, now: float | None = None) -> None:
    """Add one to this process's counts (the handler's work, and the tests')."""
    now = time.time() if now is None else now
    key = (slug, kind, post_id, int(now // 3600) * 3600)
    if key in _counts or len(_counts) < MAX_KEYS:
        _counts[key] += 1


def parse(query_string: bytes) -> tuple[str, int] | None:
    query = parse_qs(query_string.decode("latin-1"))
    kind = (query.get("k") or [""])[0]
    post = (query.get("p") or ["0"])[0]
    if kind not in KINDS or not post.isdigit() or len(post) > 18:
        return None
    if kind == "share" and post == "0":
        return None
    return kind, int(post)


async def _answer(send, status: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"cache-control", b"no-store"), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def app(scope, receive, send, slug: str) -> None:
    if scope["method"] != "POST":
        await send(
            {
                "type": "http.response.start",
                "status": 405,
                "headers": [(b"allow", b"POST"), (b"cache-control", b"no-store"), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})
        return
    # The body is empty (everything is in the address); read it to the end.
    while (await receive()).get("more_body"):
        pass
    parsed = parse(scope.get("query_string", b""))
    if parsed is None:
        await _answer(send, 400)
        return
    now = time.time()
    if _same_site(scope):
        limit.offer(client_address(scope), (slug, *parsed), now)
        _schedule_flush()
    # Counted or not, the same answer: nothing to learn by probing.
    await _answer(send, 204)


def _schedule_flush() -> None:
    global _flusher
    if _flusher is None or _flusher.done():
        _flusher = asyncio.get_running_loop().create_task(_flush_later())


async def _flush_later() -> None:
    await asyncio.sleep(settings.ANALYTICS_FLUSH_SECONDS)
    counts = take()
    if not counts:
        return
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, _flush_in_thread, counts)
    except Exception:
        log.warning("analytics: could not write %d counts; keeping them for the next write", len(counts), exc_info=True)
        for key, n in counts.items():
            if key in _counts or len(_counts) < MAX_KEYS:
                _counts[key] += n
        _schedule_flush()


def take() -> Counter:
    """This process's counts so far, leaving it none."""
    global _counts
    counts, _counts = _counts, Counter()
    return counts


def flush_now() -> None:
    """Write what this process holds now (a graceful stop: the ASGI lifespan's
    shutdown, in a thread of its own whose connection ends with the process)."""
    write(take())


def _flush_in_thread(counts: Counter) -> None:
    close_old_connections()
    try:
        write(counts)
    finally:
        close_old_connections()


def write(counts: Counter) -> None:
    """Add `counts` ((slug, kind, post id, hour) -> n) to the database. Blogs
    readers cannot see and posts not in their blog are dropped here."""
    from liveblogs.models import LiveBlog, Post, PostTraffic, TrafficHour

    if not counts:
        return
    blogs = dict(LiveBlog.objects.public().filter(slug__in={k[0] for k in counts}).values_list("slug", "id"))
    wanted_posts = {k[2] for k in counts if k[2] and k[0] in blogs}
    posts = (
        set(Post.objects.visible().filter(pk__in=wanted_posts, blog_id__in=blogs.values()).values_list("pk", "blog_id"))
        if wanted_posts
        else set()
    )
    hours: dict[tuple[int, datetime], Counter] = {}
    per_post: dict[tuple[int, int], Counter] = {}
    for (slug, kind, post_id, hour), n in counts.items():
        blog_id = blogs.get(slug)
        if blog_id is None:
            continue
        row = hours.setdefault((blog_id, datetime.fromtimestamp(hour, UTC)), Counter())
        post_ok = (post_id, blog_id) in posts
        if kind == "view":
            row["page_views"] += n
            if post_ok:
                row["permalink_opens"] += n
                per_post.setdefault((post_id, blog_id), Counter())["permalink_opens"] += n
        elif kind == "share" and post_ok:
            row["shares"] += n
            per_post.setdefault((post_id, blog_id), Counter())["shares"] += n
        elif kind == "poll":
            row["polling_minutes"] += n
    with transaction.atomic():
        for (blog_id, hour), added in hours.items():
            if added:
                _add(TrafficHour, {"blog_id": blog_id, "hour": hour}, added)
        for (post_id, blog_id), added in per_post.items():
            _add(PostTraffic, {"post_id": post_id}, added, blog_id=blog_id)


def _add(model, lookup: dict, added: Counter, **create_with) -> None:
    """Add to a row's counters, making the row if it is the first count.
    Two processes making it together: the loser adds to the winner's row."""
    increments = {field: F(field) + n for field, n in added.items()}
    if model.objects.filter(**lookup).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **create_with, **added)
    except IntegrityError:
        model.objects.filter(**lookup).update(**increments)
