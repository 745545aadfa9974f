"""The reader page's analytics beacon (liveblogs.beacon): page views,
permalink opens, shares and polling minutes, counted in memory in front of
Django, written per hour and per post, with nothing about the reader kept."""

import asyncio
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from liveblogs import actions, beacon
from liveblogs.models import PostTraffic, TrafficHour
from tests.asyncio_thread import run_in_thread
from tests.waiting import wait_for

NOW = datetime(2026, 12, 5, 14, 25, tzinfo=UTC).timestamp()
HOUR = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def empty_counts():
    beacon.take()
    beacon._addresses.clear()
    beacon.limit = beacon.SharedLimit()
    yield
    beacon.take()
    beacon._addresses.clear()
    beacon.limit = beacon.SharedLimit()


def _call(path, query=b"", method="POST", headers=None, client=("203.0.113.9", 5000)):
    """One request to the ASGI app in front of Django; returns (status, headers, body)."""
    sent = []
    headers = headers if headers is not None else [(b"host", b"testserver"), (b"origin", b"http://testserver")]

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    async def run():
        # What newsline.asgi.route does for a beacon (the real-server test below goes through it).
        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": query,
            "headers": headers,
            "client": client,
        }
        await beacon.app(scope, receive, send, beacon.match(scope))
        await beacon.limit.settled()  # with Redis, the count comes after the answer

    run_in_thread(run)  # Playwright's loop may be running in this thread (tests/asyncio_thread.py)
    start = sent[0]
    return start["status"], dict(start["headers"]), b"".join(m.get("body", b"") for m in sent[1:])


pytestmark = pytest.mark.django_db


def test_it_counts_a_page_view_without_a_cookie_or_a_body(blog):
    status, headers, body = _call("/live/storm/beacon", b"k=view")
    assert status == 204 and body == b""
    assert b"set-cookie" not in headers and headers[b"cache-control"] == b"no-store"
    beacon.write(beacon.take())
    row = TrafficHour.objects.get(blog=blog)
    assert row.page_views == 1 and row.permalink_opens == 0 and row.shares == 0


def test_it_adds_up_views_opens_shares_and_polling_per_hour_and_post(blog, publish):
    post = publish(blog, headline="Bridge closed")
    for _ in range(3):
        beacon.count("storm", "view", now=NOW)
    beacon.count("storm", "view", post.pk, now=NOW)
    beacon.count("storm", "share", post.pk, now=NOW)
    beacon.count("storm", "poll", now=NOW)
    beacon.count("storm", "poll", now=NOW + 3600)  # the next hour
    beacon.write(beacon.take())
    # A second process (or a later write) adds to the same rows.
    beacon.count("storm", "view", post.pk, now=NOW)
    beacon.write(beacon.take())
    first = TrafficHour.objects.get(blog=blog, hour=HOUR)
    assert (first.page_views, first.permalink_opens, first.shares, first.polling_minutes) == (5, 2, 1, 1)
    assert TrafficHour.objects.get(blog=blog, hour=datetime(2026, 12, 5, 15, 0, tzinfo=UTC)).polling_minutes == 1
    traffic = PostTraffic.objects.get(post=post)
    assert (traffic.permalink_opens, traffic.shares, traffic.blog_id) == (2, 1, blog.pk)


def test_it_drops_counts_for_unknown_blogs_drafts_and_other_blogs_posts(blog, editor, publish):
    other = actions.open_blog(blog=actions.create_blog(by=editor, headline="Other", slug="other"), by=editor)
    elsewhere = publish(other, headline="Elsewhere")
    actions.create_blog(by=editor, headline="Draft", slug="draft")
    beacon.count("no-such-blog", "view", now=NOW)
    beacon.count("draft", "view", now=NOW)
    beacon.count("storm", "view", elsewhere.pk, now=NOW)  # a view, but not an open of another blog's post
    beacon.count("storm", "share", 999999, now=NOW)
    beacon.write(beacon.take())
    assert list(TrafficHour.objects.values_list("blog__slug", "page_views", "permalink_opens", "shares")) == [
        ("storm", 1, 0, 0)
    ]
    assert not PostTraffic.objects.exists()


def test_it_knows_a_beacon_address_from_the_blog_pages():
    assert beacon.match({"path": "/live/storm/beacon"}) == "storm"
    assert beacon.match({"path": "/live/повінь/beacon"}) == "повінь"
    assert beacon.match({"path": "/live/storm/"}) is None
    assert beacon.match({"path": "/live/storm/x/beacon"}) is None
    assert beacon.match({"path": "/desk/blogs/storm/beacon"}) is None


def test_it_refuses_what_is_not_a_beacon(blog):
    assert _call("/live/storm/beacon", b"k=view", method="GET")[0] == 405
    assert _call("/live/storm/beacon", b"k=nonsense")[0] == 400
    assert _call("/live/storm/beacon", b"k=share")[0] == 400  # a share names its post
    assert _call("/live/storm/beacon", b"k=view&p=abc")[0] == 400
    assert not beacon.take()


def test_it_does_not_count_a_post_from_another_site(blog):
    other_site = [(b"host", b"testserver"), (b"origin", b"https://elsewhere.example")]
    assert _call("/live/storm/beacon", b"k=view", headers=other_site)[0] == 204  # the same answer
    assert not beacon.take()
    assert _call("/live/storm/beacon", b"k=view", headers=[(b"host", b"testserver")])[0] == 204
    assert sum(beacon.take().values()) == 1


def test_it_counts_at_most_the_limit_from_one_address_a_minute(blog, settings):
    settings.ANALYTICS_BEACONS_PER_MINUTE = 3
    for _ in range(5):
        assert _call("/live/storm/beacon", b"k=view")[0] == 204
    _call("/live/storm/beacon", b"k=view", client=("198.51.100.7", 4000))
    assert sum(beacon.take().values()) == 4


def test_it_takes_the_address_through_trusted_proxies_only(settings):
    scope = {"client": ("10.0.0.1", 1), "headers": [(b"x-forwarded-for", b"198.51.100.1, 203.0.113.5")]}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert beacon.client_address(scope) == "10.0.0.1"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert beacon.client_address(scope) == "203.0.113.5"


def test_it_holds_a_bounded_number_of_counts(monkeypatch):
    monkeypatch.setattr(beacon, "MAX_KEYS", 2)
    for post in range(1, 5):
        beacon.count("storm", "share", post, now=NOW)
    beacon.count("storm", "share", 1, now=NOW)  # a key it holds still counts
    assert sorted(beacon.take().values()) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_real_server_writes_a_beacon_within_its_flush_interval(asgi_server, unique_blog):
    blog = unique_blog
    request = urllib.request.Request(
        f"{asgi_server.url}/live/{blog.slug}/beacon?k=view",
        method="POST",
        data=b"",
        headers={"Origin": asgi_server.url},
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 204
    row = wait_for(lambda: TrafficHour.objects.filter(blog=blog, page_views=1).first(), what="the view written")
    assert row.page_views == 1
    # The reader page's own GET is not a beacon: Django's page answers it.
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(f"{asgi_server.url}/live/{blog.slug}/beacon", timeout=10)
    assert e.value.code == 405


def test_it_writes_what_it_holds_on_a_graceful_stop(blog):
    beacon.count("storm", "view", now=NOW)
    beacon.flush_now()
    assert TrafficHour.objects.get(blog=blog, hour=HOUR).page_views == 1
    assert not beacon.take()


def _shut_down(monkeypatch, limit, redis_answers):
    """The ASGI lifespan's shutdown (newsline.asgi.route) with `limit` as the
    beacon's, one beacon offered just before it whose Redis call answers
    only when `redis_answers` (an asyncio.Event) is set, and no votes to
    write; returns what the shutdown's write was given."""
    import newsline.asgi as asgi

    written = []
    monkeypatch.setattr(asgi.votes_buffer, "drain", lambda: 0)
    monkeypatch.setattr(asgi.beacon, "flush_now", lambda: written.append(beacon.take()))
    monkeypatch.setattr(beacon, "limit", limit)

    async def call(wanted):
        await redis_answers.wait()
        return list(wanted.values())  # each address's first beacons of the minute

    limit._call = call

    async def run():
        limit.offer(_address(), ("storm", "view", 0), NOW)
        sent = []

        async def receive():
            return {"type": "lifespan.shutdown"}

        async def send(message):
            sent.append(message["type"])

        await asgi.route({"type": "lifespan"}, receive, send)
        assert sent == ["lifespan.shutdown.complete"]

    run_in_thread(run)
    [counts] = written
    return counts


def test_a_graceful_stop_counts_the_beacons_still_waiting_for_redis(monkeypatch, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/12"  # never reached: the call is a stand-in
    limit, redis_answers = beacon.SharedLimit(), asyncio.Event()
    settled = limit.settled

    async def answered_once_waited_for():
        redis_answers.set()  # Redis answers: the shutdown is waiting for it, not writing already
        await settled()

    limit.settled = answered_once_waited_for
    assert _shut_down(monkeypatch, limit, redis_answers) == {("storm", "view", 0, int(NOW // 3600) * 3600): 1}


def test_a_graceful_stop_waits_for_redis_a_bounded_time(monkeypatch, settings, caplog):
    import newsline.asgi as asgi

    settings.REDIS_URL = "redis://127.0.0.1:6379/12"
    monkeypatch.setattr(asgi, "BEACON_SETTLE_SECONDS", 0.01)
    never = asyncio.Event()  # Redis never answers: the process still stops, and says what it lost
    assert _shut_down(monkeypatch, beacon.SharedLimit(), never) == {}
    assert "analytics: Redis did not answer within 0.01 s at shutdown" in caplog.text


# The limit per address, shared through Redis (beacon.SharedLimit) ------------------------------

REDIS = "redis://127.0.0.1:6379/12"  # a database of its own on the shared Redis (10-15 are the tests')


@pytest.fixture
def redis_url(settings):
    """REDIS_URL set for this test; the keys it made are removed after."""
    import redis

    from tests.server import need_service

    need_service(f"Redis at {REDIS}", lambda: redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    settings.REDIS_URL = REDIS
    yield REDIS
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter("*beacons:*"):
        client.delete(key)


def _address() -> str:
    """A reader's address of this run only (the counters are shared by every run on this Redis)."""
    import uuid

    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def _offer(limit, addresses, n, kind="view", then=()):
    """`n` beacons from each of `addresses` (one address, or a list) offered
    in one turn of a loop, then one from each of `then`; then settled."""
    addresses = [addresses] if isinstance(addresses, str) else addresses

    async def run():
        for address in addresses:
            for _ in range(n):
                limit.offer(address, ("storm", kind, 0), time.time())
        for address in then:
            limit.offer(address, ("storm", kind, 0), time.time())
        await limit.settled()

    run_in_thread(run)


def test_without_redis_each_process_keeps_its_own_limit(settings):
    settings.REDIS_URL = ""
    settings.ANALYTICS_BEACONS_PER_MINUTE = 3
    address = _address()
    _offer(beacon.SharedLimit(), address, 5)
    assert sum(beacon.take().values()) == 3
    # Another process has a memory of its own: the address counts there again
    # (here, a fresh minute of this process's memory stands in for it).
    beacon._addresses.clear()
    _offer(beacon.SharedLimit(), address, 5)
    assert sum(beacon.take().values()) == 3


def test_with_redis_two_instances_add_up_to_one_limit(redis_url, settings):
    """Two SharedLimits, each on its own event loop and connection, as two
    server processes are: together they count the limit, not twice it."""
    import redis

    settings.ANALYTICS_BEACONS_PER_MINUTE = 5
    address = _address()
    first, second = beacon.SharedLimit(), beacon.SharedLimit()
    _offer(first, address, 3)
    assert sum(beacon.take().values()) == 3
    _offer(second, address, 4)
    assert sum(beacon.take().values()) == 2  # 3 + 2 = the limit of 5
    _offer(first, address, 2)
    assert not beacon.take()
    # Another address has its own count.
    _offer(second, _address(), 1)
    assert sum(beacon.take().values()) == 1
    # One counter per address and minute, with a lifetime: nothing outlives it.
    client = redis.Redis.from_url(redis_url)
    [key] = [k for k in client.scan_iter(f"*beacons:*:{address}")]
    assert int(client.get(key)) == 9 and 0 < client.ttl(key) <= 120
    assert beacon._addresses == {}  # nothing about the address held in the process


def test_with_redis_the_beacons_of_one_turn_go_in_one_call(redis_url, settings):
    settings.ANALYTICS_BEACONS_PER_MINUTE = 30
    limit, crowd = beacon.SharedLimit(), [_address() for _ in range(20)]

    _offer(limit, crowd, 3)
    assert limit.calls == 1
    assert sum(beacon.take().values()) == 60


def test_when_redis_is_away_it_limits_per_process_and_says_so(settings, caplog):
    from tests.server import free_port

    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/12"  # nothing listens there
    settings.ANALYTICS_BEACONS_PER_MINUTE = 3
    limit, address = beacon.SharedLimit(), _address()
    _offer(limit, address, 5)
    assert sum(beacon.take().values()) == 3
    assert "analytics: Redis unavailable (ConnectionError): beacons are limited per process for 5 s" in caplog.text
    # Paused: the next ones are decided here without trying Redis again.
    calls = limit.calls
    _offer(limit, _address(), 2)
    assert limit.calls == calls and sum(beacon.take().values()) == 2


@pytest.mark.django_db(transaction=True)
def test_two_real_server_processes_share_the_limit(redis_url, unique_blog, tmp_path):
    """Two servers (two processes, as with workers or nodes) on one Redis:
    one address's beacons add up to ANALYTICS_BEACONS_PER_MINUTE in all."""
    from django.db.models import Sum

    from tests.server import Server

    env = {"REDIS_URL": redis_url, "ANALYTICS_BEACONS_PER_MINUTE": "3", "TRUSTED_PROXY_COUNT": "1"}
    servers = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append(Server(tmp_path / name, extra_env=env))

        def send(server, kind, address):
            request = urllib.request.Request(
                f"{server.url}/live/{unique_blog.slug}/beacon?k={kind}",
                method="POST",
                data=b"",
                headers={"Origin": server.url, "X-Forwarded-For": address},
            )
            with urllib.request.urlopen(request, timeout=10) as r:
                assert r.status == 204

        reader = _address()
        for server in servers:
            for _ in range(3):
                send(server, "view", reader)  # six views from one address, three on each process
        # Then one polling minute from another address on each: once both are
        # written, everything each process decided before them is written too.
        for server in servers:
            send(server, "poll", _address())

        def totals():
            return TrafficHour.objects.filter(blog=unique_blog).aggregate(
                views=Sum("page_views"), polling=Sum("polling_minutes")
            )

        wait_for(lambda: totals()["polling"] == 2, what="both processes' counts written")
        assert totals()["views"] == 3  # per process it would be 6
    finally:
        for server in servers:
            server.stop()


def test_with_redis_a_large_turn_goes_in_calls_of_at_most_max_batch_addresses(redis_url, settings):
    """What waited is sliced (beacon.MAX_BATCH keys a call), so one call does
    not block the shared Redis for thousands of keys; the calls go one after
    another and every address is still limited right across them."""
    settings.ANALYTICS_BEACONS_PER_MINUTE = 2
    limit, crowd = beacon.SharedLimit(), [_address() for _ in range(1_200)]
    sizes, out, most_out = [], [0], [0]
    call = limit._call

    async def watched(wanted):
        sizes.append(len(wanted))
        out[0] += 1
        most_out[0] = max(most_out[0], out[0])
        try:
            return await call(wanted)
        finally:
            out[0] -= 1

    limit._call = watched

    # Three from each (one over the limit), then one more from the first
    # address, behind the others: it goes in the last call, and is refused
    # there, the first call having counted it to the limit.
    _offer(limit, crowd, 3, then=[crowd[0]])
    assert limit.calls == 3 and sizes == [500, 500, 201] and most_out == [1]
    assert sum(beacon.take().values()) == 2_400  # two of each address's three (or four)
    import redis

    client = redis.Redis.from_url(redis_url)
    assert sum(int(client.get(key)) for key in client.scan_iter(f"*beacons:*:{crowd[0]}")) == 4


def test_with_redis_failing_on_a_slice_what_still_waits_is_decided_here(redis_url, settings, caplog):
    """The first call fails: the other slices are not tried one by one (each
    could wait its timeout); the process's own limit decides them all."""
    settings.ANALYTICS_BEACONS_PER_MINUTE = 2
    limit, crowd = beacon.SharedLimit(), [_address() for _ in range(1_200)]
    tried = []

    async def failing(wanted):
        tried.append(len(wanted))
        raise ConnectionError("Redis went away")

    limit._call = failing

    _offer(limit, crowd, 3)
    assert tried == [beacon.MAX_BATCH]
    assert sum(beacon.take().values()) == 2_400
    assert "beacons are limited per process" in caplog.text
