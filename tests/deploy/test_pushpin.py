"""A real Pushpin (deploy/pushpin.conf.template) in front of the real server:
readers held by the proxy get every event, once, in order, through a
reconnect, an origin restart and a proxy restart (realtime/grip.py)."""

import json
import threading
import time
import urllib.request

import pytest

from tests.pushpin import SIG_KEY, Pushpin, need_pushpin
from tests.server import Server, free_port
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def grip(django_db_setup, django_db_blocker, tmp_path_factory):
    """(origin server, Pushpin) wired to each other on loopback ports."""
    need_pushpin()
    tmp = tmp_path_factory.mktemp("grip")
    control_port = free_port()
    env = {
        "REALTIME_GRIP_URL": f"http://127.0.0.1:{control_port}", "REALTIME_GRIP_KEY": SIG_KEY,
        # Where Pushpin (below) puts its stats socket: readers-now of held readers.
        "REALTIME_GRIP_STATS": f"ipc://{tmp}/pushpin/run/pushpin-stats",
    }
    with django_db_blocker.unblock():
        origin = Server(tmp, extra_env=env)
    proxy = Pushpin(tmp / "pushpin", origins=f"127.0.0.1:{origin.port}", control_port=control_port)
    assert proxy.stats == env["REALTIME_GRIP_STATS"]
    state = {"origin": origin, "proxy": proxy, "env": env, "tmp": tmp, "stats": StatsWatcher(proxy.stats)}
    yield state
    state["stats"].stopping = True
    proxy.stop()
    state["origin"].stop()


@pytest.fixture
def publishes_to_proxy(grip, settings):
    """This test process writes, so it publishes too (as a server worker would)."""
    settings.REALTIME_GRIP_URL = grip["proxy"].control_url
    settings.REALTIME_GRIP_KEY = SIG_KEY


def _open(grip, blog, **kwargs) -> SSEClient:
    """A held reader. Pushpin answers a connect 500/502 when it could not
    get the origin's answer (its queue to the origin momentarily full, a
    compiled-in 100 requests: docs/performance.md, "Why Pushpin drops
    readers"; or an origin that just restarted): a loaded CI machine met it
    once with a single connect. The page then polls and streams again at its
    retry; so does this, a few times, shortened."""
    url = f"{grip['proxy'].url}/live/{blog.slug}/events?after={blog.head_seq}&epoch={blog.epoch}"
    for _ in range(20):
        client = SSEClient(url, **kwargs)
        if client.status not in (500, 502):
            break
        client.close()
        time.sleep(0.25)
    assert client.status == 200
    return client


class Reader:
    """A browser's EventSource in miniature: when its connection drops it
    comes back with Last-Event-ID, as often as it takes (a proxy that
    cannot reach the origin answers 502 meanwhile)."""

    def __init__(self, url: str, last_event_id: str | None = None):
        self.url = url
        self.reconnects = 0
        self.client = self._connect(last_event_id)

    def take(self, n: int, within: float = 120) -> list[dict]:
        events = []
        deadline = time.monotonic() + within
        while len(events) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(events)} of {n} events within {within:.0f} s: {_ids(events)}")
            try:
                events.append(self.client.next_event(deadline))
            except (EOFError, OSError):
                self.reconnect()
        return events

    def reconnect(self):
        last = self.client.last_id
        self.client.close()
        self.reconnects += 1
        self.client = self._connect(last)

    def _connect(self, last_event_id: str | None) -> SSEClient:
        """The first 200, however many refusals, closes and 502s come before it
        (a proxy just started may close a connection before answering it)."""
        for _ in range(600):
            try:
                client = SSEClient(self.url, last_event_id=last_event_id)
            except OSError:  # refused, reset, or closed before a status line
                client = None
            if client is not None and client.status == 200:
                return client
            if client is not None:
                client.close()
            time.sleep(0.1)  # the browser's retry delay, shortened
        raise AssertionError("the stream never came back")

    def close(self):
        self.client.close()


def _ids(events):
    return [e["id"] for e in events]


class StatsWatcher(threading.Thread):
    """The proxy's stats socket read for the whole module, through the same
    ProxyAudience the server uses for readers-now: connected once, before
    any reader, since Pushpin reports each change of a count only once."""

    def __init__(self, address: str):
        import zmq

        from realtime.grip import ProxyAudience

        super().__init__(daemon=True)
        self.audience = ProxyAudience(address)
        self.sock = zmq.Context.instance().socket(zmq.SUB)
        self.sock.setsockopt(zmq.SUBSCRIBE, b"sub ")
        self.sock.setsockopt(zmq.LINGER, 0)
        for one in self.audience.addresses:  # one or more instances, comma-separated, as the server takes them
            self.sock.connect(one)
        self.stopping = False
        self.start()

    def run(self):
        while not self.stopping:
            if self.sock.poll(100):
                self.audience.take(self.sock.recv())
        self.sock.close()

    def wait_held(self, blog, n: int, within: float = 30) -> None:
        """Until the proxy holds `n` readers of the blog: a publish before
        that would reach them only through the proxy's recovery, which is
        tested on its own below."""
        for _ in range(int(within * 10)):
            if self.audience.audience().get(f"liveblog:{blog.slug}", 0) == n:
                return
            time.sleep(0.1)
        raise AssertionError(f"the proxy never held {n} reader(s) of {blog.slug}")


def test_it_delivers_each_publish_to_every_reader_the_proxy_holds(grip, publishes_to_proxy, unique_blog, publish):
    blog = unique_blog
    publish(blog, headline="Before anyone came")
    blog.refresh_from_db()
    readers = [_open(grip, blog) for _ in range(3)]
    try:
        grip["stats"].wait_held(blog, 3)
        publish(blog, headline="Held and delivered")
        publish(blog, headline="And the next one")
        for reader in readers:
            events = reader.take(2)
            assert _ids(events) == [f"{blog.epoch}-{blog.head_seq + 1}", f"{blog.epoch}-{blog.head_seq + 2}"]
            assert "Held and delivered" in json.dumps(events[0]["data"])
            assert reader.retry == 3000  # the browser's retry hint came with the origin's answer
    finally:
        for reader in readers:
            reader.close()


def test_it_carries_comments_to_held_readers_on_their_own_channel(
    grip, publishes_to_proxy, unique_blog, publish, stranger, settings
):
    from community import actions as community
    from community.tests.conftest import verify

    settings.COMMUNITY_PREMODERATE_FIRST = 0
    blog = unique_blog
    reader = _open(grip, blog)
    try:
        grip["stats"].wait_held(blog, 1)
        community.post_comment(blog=blog, by=verify(stranger), body="Watching from the harbour wall.")
        publish(blog, headline="A post after the comment")
        comment, post = reader.take(2)
        assert comment["event"] == "comments" and comment["id"] is None  # the blog's Last-Event-ID is untouched
        assert "harbour wall" in json.dumps(comment["data"])
        assert post["id"] == f"{blog.epoch}-{blog.head_seq + 1}"
    finally:
        reader.close()


def test_it_sends_a_reader_who_reconnects_exactly_the_events_missed(grip, publishes_to_proxy, unique_blog, publish):
    blog = unique_blog
    reader = _open(grip, blog)
    grip["stats"].wait_held(blog, 1)
    publish(blog, headline="Seen before leaving")
    [seen] = reader.take(1)
    reader.close()
    for n in range(5):
        publish(blog, headline=f"Missed {n}")
    blog.refresh_from_db()
    url = f"{grip['proxy'].url}/live/{blog.slug}/events?after=0&epoch={blog.epoch}"
    back = SSEClient(url, last_event_id=seen["id"])
    try:
        missed = back.take(5)
        seq = int(seen["id"].split("-")[1])
        assert _ids(missed) == [f"{blog.epoch}-{seq + i}" for i in range(1, 6)]
        assert all(f"Missed {i}" in json.dumps(e["data"]) for i, e in enumerate(missed))
        grip["stats"].wait_held(blog, 1)
        publish(blog, headline="Live again")
        [live] = back.take(1)
        assert live["id"] == f"{blog.epoch}-{seq + 6}"
    finally:
        back.close()


def test_it_loses_nothing_when_the_origin_restarts_under_held_readers(
    grip, publishes_to_proxy, unique_blog, publish, settings, django_db_blocker
):
    blog = unique_blog
    url = f"{grip['proxy'].url}/live/{blog.slug}/events?after={blog.head_seq}&epoch={blog.epoch}"
    readers = [Reader(url) for _ in range(2)]
    try:
        grip["stats"].wait_held(blog, 2)
        start = blog.head_seq
        origin = grip["origin"]
        origin.stop()
        # The proxy holds the readers while the origin is away: a publish
        # still reaches them.
        publish(blog, headline="Published while the origin was down")
        # A write whose publish never happened (its process died after the
        # commit): nothing reaches the proxy for it.
        settings.REALTIME_GRIP_URL = ""
        publish(blog, headline="Never published")
        settings.REALTIME_GRIP_URL = grip["proxy"].control_url
        with django_db_blocker.unblock():
            grip["origin"] = Server(grip["tmp"], extra_env=grip["env"], port=origin.port)
        # The next event's prev-id is not the readers' last id: the proxy
        # asks the restarted origin for what is missing. (Pushpin retries a
        # request to an origin that is away five times, about five seconds;
        # a reader whose stream it gave up on meanwhile comes back with its
        # Last-Event-ID and gets the same events.)
        publish(blog, headline="After the origin came back")
        for reader in readers:
            events = reader.take(3)
            assert _ids(events) == [f"{blog.epoch}-{start + i}" for i in (1, 2, 3)]
            assert "Never published" in json.dumps(events[1]["data"])
    finally:
        for reader in readers:
            reader.close()


def test_it_loses_nothing_across_a_proxy_restart_once_readers_resume(grip, publishes_to_proxy, unique_blog, publish):
    blog = unique_blog
    reader = _open(grip, blog)
    grip["stats"].wait_held(blog, 1)
    publish(blog, headline="Before the proxy restarted")
    [seen] = reader.take(1)
    proxy = grip["proxy"]
    proxy.stop()
    with pytest.raises((EOFError, OSError)):
        reader.take(1)  # the proxy's connection is gone
    reader.close()
    publish(blog, headline="While the proxy was down 1")
    publish(blog, headline="While the proxy was down 2")
    proxy.start()
    # As a browser's EventSource would: a proxy just started may close or
    # refuse the first attempt while its own services come up; the reader
    # comes back with its Last-Event-ID until it is held.
    back = Reader(f"{proxy.url}/live/{blog.slug}/events?after=0&epoch={blog.epoch}", last_event_id=seen["id"])
    try:
        seq = int(seen["id"].split("-")[1])
        missed = back.take(2)
        assert _ids(missed) == [f"{blog.epoch}-{seq + 1}", f"{blog.epoch}-{seq + 2}"]
        # Whether this reaches the reader as a publish or through the
        # proxy's check of a new hold, it arrives once.
        publish(blog, headline="After the proxy came back")
        [live] = back.take(1)
        assert live["id"] == f"{blog.epoch}-{seq + 3}"
    finally:
        back.close()


def test_it_counts_the_readers_the_proxy_holds_in_readers_now_and_metrics(grip, unique_blog):
    from realtime.audience import readers_now

    blog = unique_blog
    readers = [_open(grip, blog) for _ in range(2)]
    try:
        # The origin holds none of them; its stats reader hears the proxy's
        # count and reports it (every audience.REPORT_SECONDS) to the shared cache.
        for _ in range(300):
            if readers_now("liveblog", blog.slug) == 2:
                break
            time.sleep(0.1)
        assert readers_now("liveblog", blog.slug) == 2
        with urllib.request.urlopen(f"{grip['origin'].url}/metrics", timeout=10) as r:
            metrics = r.read().decode()
        assert f'newsline_proxy_stream_readers{{key="{blog.slug}",source="liveblog"}} 2.0' in metrics
        assert f'newsline_stream_readers{{key="{blog.slug}"' not in metrics  # the origin holds no stream
    finally:
        for reader in readers:
            reader.close()
    for _ in range(300):
        if readers_now("liveblog", blog.slug) == 0:
            break
        time.sleep(0.1)
    assert readers_now("liveblog", blog.slug) == 0


def test_it_answers_a_request_without_a_valid_signature_as_a_plain_stream(grip, unique_blog):
    # Straight to the origin with a forged Grip-Sig: no GRIP instructions,
    # the ordinary stream (only the proxy's signed requests get held).
    blog = unique_blog
    req = urllib.request.Request(
        f"{grip['origin'].url}/live/{blog.slug}/events?after={blog.head_seq}",
        headers={"Grip-Sig": "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjk5OTk5OTk5OTl9.forged"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers.get("Grip-Hold") is None
        assert r.readline() == b"retry: 3000\n"


def test_a_tier_of_two_instances_gets_every_publish_and_counts_its_readers_together(
    grip, unique_blog, publish, settings
):
    # Pushpin instances share nothing: the origin publishes each event to
    # each (REALTIME_GRIP_URL lists them), and readers-now adds their counts
    # up (REALTIME_GRIP_STATS lists their stats sockets).
    second = Pushpin(grip["tmp"] / "pushpin-2", origins=f"127.0.0.1:{grip['origin'].port}")
    stats = StatsWatcher(f"{grip['proxy'].stats},{second.stats}")
    try:
        settings.REALTIME_GRIP_URL = f"{grip['proxy'].control_url},{second.control_url}"
        settings.REALTIME_GRIP_KEY = SIG_KEY
        blog = unique_blog
        url = f"/live/{blog.slug}/events?after={blog.head_seq}&epoch={blog.epoch}"
        # This watcher joined the stats sockets just now, and ZeroMQ may not
        # have passed its subscription on before the first counts went out
        # (Pushpin sends each change once): readers that were not all counted
        # in time leave and come back, which sends the counts again.
        for attempt in range(3):
            readers = [Reader(grip["proxy"].url + url), Reader(second.url + url), Reader(second.url + url)]
            try:
                stats.wait_held(blog, 3, within=15)
                break
            except AssertionError:
                for reader in readers:
                    reader.close()
                if attempt == 2:
                    raise
        try:
            publish(blog, headline="To every instance")
            publish(blog, headline="And again")
            wanted = [f"{blog.epoch}-{blog.head_seq + 1}", f"{blog.epoch}-{blog.head_seq + 2}"]
            for reader in readers:
                assert _ids(reader.take(2, within=30)) == wanted
        finally:
            for reader in readers:
                reader.close()
    finally:
        stats.stopping = True
        second.stop()
