"""`manage.py serve` with its job worker, as a real process."""

import json
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from operations.management.commands.run_worker import beat, beat_again
from operations.models import WorkerHeartbeat
from operations.tasks import report_worker
from realtime.management.commands.serve import Supervisor
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


class Child:
    """A stand-in for the server or the worker process, noting the signals
    the supervisor sends it. The worker is still cleaning up (running)
    until the supervisor waits for it."""

    def __init__(self, exits_on_signal=False):
        self.signals, self.returncode = [], None
        self.on_first_poll, self.exits_on_signal = None, exits_on_signal
        self.on_wait = None

    def poll(self):
        if self.on_first_poll is not None:
            first, self.on_first_poll = self.on_first_poll, None
            first()
        return self.returncode

    def send_signal(self, signum):
        self.signals.append(signum)
        if self.exits_on_signal:
            self.returncode = 0

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.signals.append(signal.SIGKILL)
        self.returncode = -signal.SIGKILL

    def wait(self, timeout=None):
        if self.on_wait is not None:
            first, self.on_wait = self.on_wait, None
            first()
        if self.returncode is None:
            self.returncode = 0  # its clean-up finished
        return self.returncode


@pytest.fixture
def supervise():
    """supervise(server, worker, stop=False, stop_in_wait=False): run
    serve's supervisor over two stand-ins, with `stop` a SIGTERM (or that
    many) reaching serve while both run, `stop_in_wait` one while it waits for the worker
    to stop; its signal handlers are put back afterwards."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}

    def run(server, worker, stop=False, stop_in_wait=False):
        supervisor = Supervisor(["server"], ["worker"], write=lambda line: None)
        children = iter([server, worker])
        supervisor._spawn = lambda argv: next(children)
        if stop:  # True, or how many stop signals arrive at once
            server.on_first_poll = lambda: [supervisor._signal(signal.SIGTERM, None) for _ in range(int(stop))]
        if stop_in_wait:
            worker.on_wait = lambda: supervisor._signal(signal.SIGTERM, None)
        return supervisor.run()

    yield run
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_the_supervisor_passes_its_stop_signal_to_the_worker_once(supervise):
    """The server exits at once and the worker is still cleaning up: the
    supervisor waits for it instead of sending a second SIGTERM, which
    db_worker takes as "force" (the loaded machine's failure of the test
    above: the clean-up cut short, the heartbeat row left behind)."""
    server, worker = Child(exits_on_signal=True), Child()
    assert supervise(server, worker, stop=True) == 0
    assert server.signals == [signal.SIGTERM]
    assert worker.signals == [signal.SIGTERM]
    assert worker.returncode == 0


def test_the_supervisor_stops_the_worker_once_when_the_server_exits_on_its_own(supervise):
    server, worker = Child(), Child()
    server.returncode = 3
    assert supervise(server, worker) == 3
    assert worker.signals == [signal.SIGTERM]


def test_a_stop_signal_while_the_supervisor_waits_for_the_worker_is_not_passed_on_again(supervise):
    """The server exited on its own and the worker, told to stop, is cleaning
    up: a SIGTERM or Ctrl-C reaching serve during that wait (up to 30 s) does
    not give the worker a second signal (db_worker's "force")."""
    server, worker = Child(), Child()
    server.returncode = 3
    assert supervise(server, worker, stop_in_wait=True) == 3
    assert worker.signals == [signal.SIGTERM]
    assert worker.returncode == 0  # its clean-up finished, not killed


def test_a_second_stop_signal_is_not_passed_on_either(supervise):
    server, worker = Child(exits_on_signal=True), Child()
    assert supervise(server, worker, stop=True, stop_in_wait=True) == 0
    assert server.signals == [signal.SIGTERM] and worker.signals == [signal.SIGTERM]


class StubbornServer(Child):
    """A server still finishing its requests after the first stop signal:
    only a second one (an operator's second Ctrl-C) makes it exit at once."""

    polls = 0

    def send_signal(self, signum):
        self.signals.append(signum)
        if len(self.signals) == 2:
            self.returncode = 0

    def poll(self):
        self.polls += 1  # the supervisor polls every 0.2 s: fail, not hang, if the second stop never came
        assert self.polls < 50, f"the server got {self.signals} and is still running"
        return super().poll()


def test_a_second_stop_signal_still_reaches_a_server_that_has_not_exited(supervise):
    server, worker = StubbornServer(), Child()
    assert supervise(server, worker, stop=2) == 0
    assert server.signals == [signal.SIGTERM, signal.SIGTERM]  # its own "stop now"
    assert worker.signals == [signal.SIGTERM]  # never db_worker's "force"


def test_a_heartbeat_landing_after_the_workers_clean_up_does_not_bring_its_row_back(db):
    started, stop = timezone.now(), threading.Event()
    beat("w1", started)
    WorkerHeartbeat.objects.update(beat_at=started - timedelta(seconds=30))
    beat_again("w1", started, stop)
    assert WorkerHeartbeat.objects.get().beat_at > started - timedelta(seconds=30)
    # The worker stops: its clean-up deletes the row, then a beat that was
    # waiting for the database lands.
    stop.set()
    WorkerHeartbeat.objects.all().delete()
    beat_again("w1", started, stop)
    assert not WorkerHeartbeat.objects.exists()


def test_a_running_workers_heartbeat_comes_back_if_its_row_went(db):
    started = timezone.now()
    beat_again("w1", started, threading.Event())
    assert WorkerHeartbeat.objects.get().worker_id == "w1"


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
