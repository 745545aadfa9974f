"""A broker that is down: Redis configured but unreachable. Writers carry on
without an error and readers still get every event, from the log poll."""

import logging

import pytest

from liveblogs.models import BlogEvent
from realtime import brokers
from tests.server import Server
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
# The normal short poll (tests/server.py). No heartbeats, so a reader that is
# never woken fails at its socket timeout instead of waiting on keep-alives.
BROKER_DOWN = {"REDIS_URL": NOWHERE, "REALTIME_HEARTBEAT_SECONDS": "600"}


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        server = Server(tmp_path_factory.mktemp("broker-down"), BROKER_DOWN)
    yield server
    server.stop()


@pytest.fixture
def publishing_to_nowhere():
    previous = brokers.use(brokers.RedisBroker(NOWHERE))
    yield
    brokers.use(previous)


def test_it_starts_and_says_which_broker_it_was_asked_for(server):
    # REDIS_URL set and REALTIME_BROKER left at auto: redis.
    assert "live updates: broker redis (pub/sub on channel newsline_events at 127.0.0.1:1)" in server.output()


def test_it_still_delivers_every_event_by_polling_the_log(server, unique_blog, publish, publishing_to_nowhere, caplog):
    blog = unique_blog
    readers = [SSEClient(f"{server.url}/live/{blog.slug}/events?after={blog.head_seq}") for _ in range(2)]

    with caplog.at_level(logging.WARNING, logger="realtime.brokers"):
        posts = [publish(blog, headline=f"Update {i}") for i in range(5)]  # no error reaches the writer

    assert "publishing to the redis broker failed" in caplog.text
    expected = list(
        BlogEvent.objects.filter(blog=blog, seq__gt=blog.head_seq).order_by("seq").values_list("seq", flat=True)
    )
    for reader in readers:
        got = reader.take(5)
        reader.close()
        assert [e["data"]["seq"] for e in got] == expected
        assert [e["data"]["post"]["id"] for e in got] == [p.pk for p in posts]
