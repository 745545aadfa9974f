"""The Redis broker, between real server processes sharing the test database
and a real Redis.

The servers poll the log only every ten minutes and send no heartbeats, so
an event that reaches a reader before the SSE client's socket timeout was
delivered by the broker (or by the re-read of heads after it connected),
never by the poll."""

import os
import socket
import threading
from urllib.parse import urlsplit

import pytest

from realtime import brokers
from tests.brokers import open_reader, pin_through, warm_up
from tests.server import Server, need_service

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
# Long enough that only the broker can deliver within a reader's timeout.
BROKER_ONLY = {"REALTIME_BROKER": "redis", "REALTIME_POLL_MS": "600000", "REALTIME_HEARTBEAT_SECONDS": "600"}


def _ping():
    import redis

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()


@pytest.fixture(scope="module")
def redis_url():
    need_service(f"Redis at {REDIS_URL}", _ping)
    return REDIS_URL


@pytest.fixture(scope="module")
def servers(redis_url, django_db_setup, django_db_blocker, tmp_path_factory):
    """Server A and server B: two processes, one database, one Redis."""
    started = []
    try:
        with django_db_blocker.unblock():
            for name in ("a", "b"):
                started.append(
                    Server(tmp_path_factory.mktemp(f"redis-{name}"), {**BROKER_ONLY, "REDIS_URL": redis_url})
                )
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def publishing_to_redis(redis_url):
    """This test process publishes its writes to Redis, as every writing
    process (server worker, job worker, command) does when the broker is redis."""
    previous = brokers.use(brokers.RedisBroker(redis_url))
    yield
    brokers.use(previous)


def test_it_says_which_broker_it_uses(servers):
    for server in servers:
        assert "live updates: broker redis (pub/sub on channel newsline_events" in server.output()


def test_it_wakes_readers_on_every_server_when_another_process_writes(
    servers, unique_blog, publish, publishing_to_redis
):
    blog = unique_blog
    readers = [open_reader(server, blog) for server in servers]
    warm_up(readers, blog, publish)

    post = publish(blog, headline="Levee holds")

    for reader in readers:
        event = reader.next_event()
        assert event["data"]["kind"] == "post.published"
        assert event["data"]["post"]["id"] == post.pk
        reader.close()


def test_it_wakes_a_reader_on_one_server_when_a_desk_on_the_other_writes(
    servers, unique_blog, publish, editor, publishing_to_redis
):
    server_a, server_b = servers
    blog = unique_blog
    post = publish(blog, headline="Evacuation ordered")
    reader = open_reader(server_b, blog)
    warm_up([reader], blog, publish)

    pin_through(server_a, post, editor)

    event = reader.next_event()
    reader.close()
    assert event["data"]["kind"] == "post.pinned"
    assert event["data"]["post"]["id"] == post.pk


class Outage:
    """A TCP relay in front of Redis that the test can cut and restore: a
    broker outage on demand, without stopping the machine's Redis."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"redis://127.0.0.1:{self.listener.getsockname()[1]}/0"
        self.up = True
        self.lock = threading.Lock()
        self.open: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _keep(self, *socks) -> bool:
        with self.lock:
            if self.up:
                self.open.update(socks)
                return True
        for s in socks:
            s.close()
        return False

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self._keep(client):
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=2)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            if self._keep(upstream):
                threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
                threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()
            else:
                client.close()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            self._drop(s)

    @staticmethod
    def _drop(s):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

    def cut(self):
        """Drop every connection through the relay and refuse new ones."""
        with self.lock:
            self.up = False
            dropping, self.open = self.open, set()
        for s in dropping:
            self._drop(s)

    def restore(self):
        with self.lock:
            self.up = True

    def close(self):
        self.listener.close()
        self.cut()


@pytest.fixture
def outage(redis_url):
    parts = urlsplit(redis_url)
    relay = Outage(parts.hostname or "127.0.0.1", parts.port or 6379)
    yield relay
    relay.close()


@pytest.fixture
def server_behind_outage(outage, django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        server = Server(tmp_path, {**BROKER_ONLY, "REDIS_URL": outage.url})
    yield server
    server.stop()


def test_it_rereads_heads_when_redis_comes_back(
    server_behind_outage, outage, unique_blog, publish, publishing_to_redis
):
    server = server_behind_outage
    blog = unique_blog
    reader = open_reader(server, blog)
    warm_up([reader], blog, publish)

    outage.cut()
    # Published straight to Redis while the server's subscription is down:
    # Redis drops the message, so only the re-read of heads can deliver it.
    missed = publish(blog, headline="Published during the outage")
    outage.restore()

    event = reader.next_event()
    assert event["data"]["post"]["id"] == missed.pk

    # And it is subscribed again: the next write arrives by the broker.
    after = publish(blog, headline="Published after the outage")
    assert reader.next_event()["data"]["post"]["id"] == after.pk
    reader.close()
    output = server.output()
    assert "redis broker unavailable" in output
    assert "redis broker reconnected" in output
