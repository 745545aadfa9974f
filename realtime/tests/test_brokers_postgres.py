"""The PostgreSQL broker (LISTEN/NOTIFY), between real server processes
sharing the test database.

Runs when the suite runs on PostgreSQL (CI runs the suite on SQLite and again
on PostgreSQL). The servers poll the log only every ten minutes and send no
heartbeats, so an event that reaches a reader before the SSE client's socket
timeout was delivered by NOTIFY (or by the re-read of heads after LISTEN)."""


import pytest
from django.db import connection

from realtime import brokers
from tests.brokers import open_reader, pin_through, warm_up
from tests.server import Server

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="LISTEN/NOTIFY needs PostgreSQL: runs when the suite does (DATABASE_URL=postgres://…), as in CI",
    ),
]

BROKER_ONLY = {"REALTIME_BROKER": "postgres", "REALTIME_POLL_MS": "600000", "REALTIME_HEARTBEAT_SECONDS": "600"}


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


def test_it_says_which_broker_it_uses(servers):
    for server in servers:
        assert "live updates: broker postgres (LISTEN/NOTIFY on channel newsline_events" in server.output()


def test_it_wakes_readers_on_every_server_when_another_process_writes(
    servers, unique_blog, publish, publishing_to_postgres
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
    servers, unique_blog, publish, editor, publishing_to_postgres
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


def _end_listening_sessions() -> int:
    """Terminate every LISTEN session on this database, as a database
    restart or a failover would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE application_name = 'newsline-realtime' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def test_it_listens_again_and_rereads_heads_after_losing_its_session(
    servers, unique_blog, publish, publishing_to_postgres
):
    blog = unique_blog
    readers = [open_reader(server, blog) for server in servers]
    warm_up(readers, blog, publish)

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
