"""`manage.py serve` with its job worker, as a real process."""

import json
import signal
import subprocess
import urllib.error
import urllib.request

import pytest

from operations.models import WorkerHeartbeat
from operations.tasks import report_worker
from tests.server import Server
from tests.waiting import wait_for


@pytest.fixture
def server_with_worker(transactional_db, tmp_path):
    server = Server(tmp_path, extra_env={"JOB_WORKER": "on", "WORKER_HEARTBEAT_SECONDS": "1"})
    yield server
    if server.proc.poll() is None:
        server.stop()


def test_it_runs_jobs_in_a_worker_beside_the_server(server_with_worker):
    result = report_worker.enqueue()

    def finished():
        result.refresh()
        return result.status.name in ("SUCCESSFUL", "FAILED")

    wait_for(finished)
    assert result.status.name == "SUCCESSFUL"
    try:
        with urllib.request.urlopen(server_with_worker.url + "/readyz", timeout=10) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:  # another check may fail on a test database; this one may not
        body = exc.read()
    assert json.loads(body)["checks"]["worker"]["ok"] is True


def test_it_stops_the_worker_with_the_server(server_with_worker):
    wait_for(lambda: WorkerHeartbeat.objects.exists())
    server_with_worker.proc.send_signal(signal.SIGTERM)
    # Not a speed test: the supervisor gives a job in hand 30 s to finish and
    # a loaded machine's SQLite may keep a heartbeat write waiting for its lock.
    try:
        code = server_with_worker.proc.wait(120)
    except subprocess.TimeoutExpired:
        raise AssertionError("serve did not stop on SIGTERM:\n" + server_with_worker.output()[-4000:]) from None
    assert code == 0
    assert not WorkerHeartbeat.objects.exists()  # the worker stopped cleanly and said so
    server_with_worker.log.close()


def test_it_restarts_a_worker_that_dies(server_with_worker):
    first = wait_for(lambda: WorkerHeartbeat.objects.values_list("pid", flat=True).first())
    import os

    os.kill(first, signal.SIGKILL)
    second = wait_for(lambda: WorkerHeartbeat.objects.exclude(pid=first).values_list("pid", flat=True).first())
    assert second != first
    # The supervisor's line may reach the log a moment after the new worker's heartbeat.
    assert wait_for(lambda: "job worker exited" in server_with_worker.output())


def test_it_runs_the_scheduled_posts_catch_up_before_serving(server_with_worker):
    assert "scheduled post(s) published" in server_with_worker.output()


@pytest.fixture
def stream_node(transactional_db, tmp_path):
    server = Server(tmp_path, extra_env={"WEB_ROLE": "streams"})
    yield server
    server.stop()


def test_a_stream_node_runs_the_stream_servers_command_and_streams(stream_node, unique_blog, publish):
    # WEB_ROLE=streams picks the server the stream-node measurement chose
    # (docs/performance.md, section 10), with its cap on connections.
    from realtime.management.commands.serve import ROLE_SERVERS
    from tests.sse import SSEClient

    banner = stream_node.output()
    assert f"with {ROLE_SERVERS['streams']} (ASGI)" in banner and "role streams" in banner
    assert "--limit-concurrency" in banner
    client = SSEClient(f"{stream_node.url}/live/{unique_blog.slug}/events?after={unique_blog.head_seq}")
    publish(unique_blog, headline="Ferry resumes")
    event = client.next_event()
    client.close()
    assert event["data"]["post"]["title"] == "Ferry resumes"
