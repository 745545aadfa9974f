"""A reader that stops reading is cut off, not buffered for without end,
and loses nothing when it resumes."""

import re
import socket
import urllib.request

import pytest

from tests.server import Server
from tests.sse import SSEClient
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

POSTS = 200
FRAME = re.compile(rb"id: (\d+)-(\d+)\ndata: [^\n]*\n\n")


def dropped(server) -> float:
    """Readers the server has cut off for not reading (its /metrics)."""
    text = urllib.request.urlopen(f"{server.url}/metrics", timeout=10).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("newsline_slow_clients_dropped_total"))


@pytest.fixture(scope="module")
def impatient_server(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        # On uvicorn, whose writes wait once its transport buffer is full, so a
        # reader that stops reading makes the write time out. granian went on
        # buffering for such a reader in some runs (see docs/realtime.md).
        server = Server(
            tmp_path_factory.mktemp("impatient"), {"REALTIME_SEND_TIMEOUT_SECONDS": "1", "WEB_SERVER": "uvicorn"}
        )
    yield server
    server.stop()


def test_it_cuts_off_a_reader_that_stops_reading_and_lets_it_resume(impatient_server, unique_blog, publish):
    blog = unique_blog
    start = blog.head_seq
    dropped_before = dropped(impatient_server)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", impatient_server.port))
    sock.sendall(f"GET /live/{blog.slug}/events?after={start} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())

    # ~16 MB in all: several times what the kernel's socket buffers (4 MB at
    # most here) and the server's own write buffer can hold for one reader.
    body = "<p>" + "Long report. " * 6000 + "</p>"  # ~80 KB a post
    for i in range(POSTS):
        publish(blog, headline=f"Report {i}", body=body)

    # The behaviour under test is a timeout (1 s): read nothing until the
    # server has counted this reader as cut off.
    wait_for(lambda: dropped(impatient_server) > dropped_before, what="the server cutting the reader off")

    # Read only now. The server gave up on us, so the stream ends: recv
    # reaches the end. (A keep-alive written while publishing was slow, before
    # the buffers filled, may be in what we read.) Still being served, recv
    # would block once the backlog is drained and time out.
    sock.settimeout(10)
    chunks = []
    try:
        while chunk := sock.recv(1 << 20):
            chunks.append(chunk)
    except TimeoutError:
        pytest.fail("the reader was never cut off: the stream was still open")
    sock.close()
    received = b"".join(chunks)
    seqs = [int(m.group(2)) for m in FRAME.finditer(received)]
    assert seqs and seqs[0] == start + 1
    got_to = start
    for seq in seqs:  # the last event received whole and in order
        if seq != got_to + 1:
            break
        got_to = seq
    assert got_to < start + POSTS, "the reader was never cut off"

    resumed = SSEClient(f"{impatient_server.url}/live/{blog.slug}/events", last_event_id=f"{blog.epoch}-{got_to}")
    rest = [resumed.next_event()["data"]["seq"] for _ in range(start + POSTS - got_to)]
    resumed.close()
    assert rest == list(range(got_to + 1, start + POSTS + 1))
