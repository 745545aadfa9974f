"""The PostgreSQL broker (LISTEN/NOTIFY), between real server processes
sharing the test database.

Runs when the suite runs on PostgreSQL (CI runs the suite on SQLite and again
on PostgreSQL). The servers poll the log only every ten minutes and send no
heartbeats, so an event that reaches a reader before the SSE client's socket
timeout was delivered by NOTIFY (or by the re-read of heads after LISTEN)."""

import http.client
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from realtime import brokers
from tests.server import Server
from tests.sse import SSEClient

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="LISTEN/NOTIFY needs PostgreSQL: runs when the suite does (DATABASE_URL=postgres://…), as in CI",
    ),
]

BROKER_ONLY = {"REALTIME_BROKER": "postgres", "REALTIME_POLL_MS": "600000", "REALTIME_HEARTBEAT_SECONDS": "600"}
READ_TIMEOUT = 10  # seconds the SSE client waits for a frame before the test fails


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Server A and server B: two processes, one PostgreSQL database."""
    started = []
    try:
        with django_db_blocker.unblock():
            for name in ("a", "b"):
                started.append(Server(tmp_path_factory.mktemp(f"postgres-{name}"), BROKER_ONLY))
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def publishing_to_postgres():
    """This test process sends NOTIFY after its writes, as every writing
    process does when the broker is postgres."""
    previous = brokers.use(brokers.PostgresBroker())
    yield
    brokers.use(previous)


def _reader(server, blog) -> SSEClient:
    blog.refresh_from_db()
    reader = SSEClient(f"{server.url}/live/{blog.slug}/events?after={blog.head_seq}", timeout=READ_TIMEOUT)
    assert reader.status == 200
    return reader


def _warm_up(readers, blog, publish):
    """Servers LISTEN when their hub starts, at their first stream. An event
    that reaches every reader proves each server is listening."""
    publish(blog, headline="Warm-up")
    for reader in readers:
        assert reader.next_event()["data"]["post"]["title"] == "Warm-up"


def _pin_through(server, post, user):
    """Pin `post` through the desk of `server`, over HTTP, as an editor would."""
    client = Client()
    client.force_login(user)  # the session lives in the database the server shares
    token = get_random_string(32)
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=READ_TIMEOUT)
    conn.request(
        "POST",
        reverse("desk:post_pin", args=[post.blog.slug, post.pk]),
        body="pinned=yes",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
        },
    )
    status = conn.getresponse().status
    conn.close()
    assert status == 302


def test_it_says_which_broker_it_uses(servers):
    for server in servers:
        assert "live updates: broker postgres (LISTEN/NOTIFY on channel newsline_events" in server.output()


def test_it_wakes_readers_on_every_server_when_another_process_writes(servers, unique_blog, publish, publishing_to_postgres):
    blog = unique_blog
    readers = [_reader(server, blog) for server in servers]
    _warm_up(readers, blog, publish)

    post = publish(blog, headline="Levee holds")

    for reader in readers:
        event = reader.next_event()
        assert event["data"]["kind"] == "post.published"
        assert event["data"]["post"]["id"] == post.pk
        reader.close()


def test_it_wakes_a_reader_on_one_server_when_a_desk_on_the_other_writes(
    servers, unique_blog, publish, editor, publishing_to_postgres
):
    server_a, server_b = servers
    blog = unique_blog
    post = publish(blog, headline="Evacuation ordered")
    reader = _reader(server_b, blog)
    _warm_up([reader], blog, publish)

    _pin_through(server_a, post, editor)

    event = reader.next_event()
    reader.close()
    assert event["data"]["kind"] == "post.pinned"
    assert event["data"]["post"]["id"] == post.pk


def _end_listening_sessions() -> int:
    """Terminate every LISTEN session on this database, as a database
    restart or a failover would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = 'newsline-realtime' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def test_it_listens_again_and_rereads_heads_after_losing_its_session(servers, unique_blog, publish, publishing_to_postgres):
    blog = unique_blog
    readers = [_reader(server, blog) for server in servers]
    _warm_up(readers, blog, publish)

    assert _end_listening_sessions() >= len(servers)
    # NOTIFY finds no listener now; the servers find this by re-reading heads
    # once they LISTEN again.
    missed = publish(blog, headline="Published while nobody listened")
    for reader in readers:
        assert reader.next_event()["data"]["post"]["id"] == missed.pk

    after = publish(blog, headline="Published after")
    for reader in readers:
        assert reader.next_event()["data"]["post"]["id"] == after.pk
        reader.close()
    for server in servers:
        assert "postgres broker reconnected" in server.output()
