"""SIGTERM to a stream server: its readers are told to come back after a
jittered delay, and resume on another server with nothing lost or repeated."""

import signal

import pytest

from tests.brokers import open_reader
from tests.server import Server


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    env = {"REALTIME_DRAIN_RETRY_MIN_MS": "700", "REALTIME_DRAIN_RETRY_MAX_MS": "900"}
    servers = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        servers.append(Server(tmp_path / name, extra_env=env))
    yield servers
    for server in servers:
        if server.proc.poll() is None:
            server.stop()


def seqs(events):
    return [int(e["id"].split("-")[1]) for e in events]


@pytest.mark.each_server  # how a server stops on SIGTERM is the server's own
def test_it_sends_readers_elsewhere_on_sigterm_with_nothing_lost_or_repeated(two_servers, unique_blog, publish):
    a, b = two_servers
    readers = [open_reader(a, unique_blog) for _ in range(3)]
    start = unique_blog.head_seq
    got = [[] for _ in readers]
    for i in range(3):
        publish(unique_blog, headline=f"Before the restart {i}")
    for reader, events in zip(readers, got):
        events.extend(reader.take(3))

    a.proc.terminate()  # SIGTERM, as systemd or a rolling deploy sends it
    for reader in readers:
        with pytest.raises(EOFError):
            reader.next_event()  # the server closes the stream after its retry hint
        assert 700 <= reader.retry <= 900
    # ... and then exits, not held open by its readers (uvicorn ends by
    # re-raising the signal it caught, granian with status 0).
    assert a.proc.wait(20) in (0, -signal.SIGTERM)
    a.log.close()

    for i in range(4):
        publish(unique_blog, headline=f"While the reader was away {i}")
    for index, reader in enumerate(readers):
        resumed = open_reader_after(b, unique_blog, reader.last_id)
        got[index].extend(resumed.take(4))
        resumed.close()

    expected = list(range(start + 1, start + 8))
    for events in got:
        assert seqs(events) == expected
    assert [e["data"]["post"]["title"] for e in got[0]][-1] == "While the reader was away 3"


def open_reader_after(server, blog, last_id):
    from tests.sse import SSEClient

    reader = SSEClient(f"{server.url}/live/{blog.slug}/events", last_event_id=last_id, timeout=10)
    assert reader.status == 200
    return reader
