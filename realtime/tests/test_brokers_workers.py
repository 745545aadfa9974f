"""Two granian workers behind one port, with the default broker. On SQLite
that is `inprocess`: nothing passes between the workers, and each finds new
events by polling the log (every 200 ms under tests/server.py). On
PostgreSQL the default is NOTIFY. Either way every reader, on either worker,
ends with the log's events in order."""

import time
from pathlib import Path

import pytest

from liveblogs.models import BlogEvent
from tests.server import Server
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)

MOST_READERS = 24  # opened at once until both workers hold some; the kernel spreads them
# No heartbeats: a reader that is never woken fails at its socket timeout
# instead of waiting on keep-alives.
QUIET = {"REALTIME_HEARTBEAT_SECONDS": "600"}


@pytest.fixture(scope="module")
def two_workers(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        server = Server(tmp_path_factory.mktemp("workers"), QUIET, workers=2)
    yield server
    server.stop()


def _descendants(pid: int) -> set[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _worker_of(reader: SSEClient, server_port: int, pids: set[int]) -> int | None:
    """The server process holding the other end of this reader's socket."""
    client_port = reader.conn.sock.getsockname()[1]
    want = f"0100007F:{server_port:04X} 0100007F:{client_port:04X}"
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if f"{fields[1]} {fields[2]}" == want:
            inode = fields[9]
    for pid in pids:
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if fd.readlink().name == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def test_it_brings_readers_on_both_workers_to_the_same_events(two_workers, unique_blog, publish):
    server = two_workers
    blog = unique_blog
    port = int(server.url.rsplit(":", 1)[1])
    pids = _descendants(server.proc.pid)  # granian's workers, not its main process
    readers, workers = [], set()
    # The server answered once one worker was up; the other may still be in
    # its start-up (the lifespan warms up before it accepts), and until it
    # accepts, every connection goes to the first. So: readers until both
    # hold some, a few quickly, then one a moment apart, for up to 60 s.
    deadline = time.monotonic() + 60
    while len(workers - {None}) < 2 and time.monotonic() < deadline:
        reader = SSEClient(f"{server.url}/live/{blog.slug}/events?after={blog.head_seq}")
        assert reader.status == 200
        readers.append(reader)
        workers.add(_worker_of(reader, port, pids))
        if len(readers) >= MOST_READERS:
            time.sleep(0.2)
    assert len(workers - {None}) == 2, f"{len(readers)} readers all landed on one worker: {workers}"

    for i in range(5):
        publish(blog, headline=f"Update {i}")

    expected = list(
        BlogEvent.objects.filter(blog=blog, seq__gt=blog.head_seq).order_by("seq").values_list("seq", flat=True)
    )
    assert len(expected) == 5
    for reader in readers:
        assert [event["data"]["seq"] for event in reader.take(5)] == expected
        reader.close()
