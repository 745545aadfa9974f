"""Fault tests with real services: a private Redis stopped and started
under a running server, and a server process killed with SIGKILL while
readers are connected. The machine's own PostgreSQL and Redis are never
touched: the Redis here is started by the test on a spare port."""

import json
import os
import shutil
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from realtime import brokers
from tests.brokers import open_reader, warm_up
from tests.server import Server, free_port, need_service
from tests.sse import SSEClient
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


class PrivateRedis:
    """redis-server on a spare port, in a temporary folder, no persistence."""

    def __init__(self, folder: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        import redis

        def answers():
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, 10, "private redis-server answering")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def private_redis(tmp_path):
    need_service("redis-server (the binary, for a private instance)", lambda: shutil.which("redis-server") or 1 / 0)
    redis = PrivateRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def broker_state(server) -> dict:
    try:
        with urllib.request.urlopen(server.url + "/readyz", timeout=5) as response:
            body = response.read()
    except urllib.error.HTTPError as exc:  # 503: no job worker in test servers; the broker check still answers
        body = exc.read()
    return json.loads(body)["checks"]["broker"]


def test_it_degrades_to_log_polling_while_redis_is_down_and_recovers(private_redis, tmp_path, unique_blog, publish):
    blog = unique_blog
    server = Server(tmp_path, {"REDIS_URL": private_redis.url, "REALTIME_POLL_MS": "300"})
    previous = brokers.use(brokers.RedisBroker(private_redis.url))
    try:
        reader = open_reader(server, blog)
        warm_up([reader], blog, publish)
        wait_for(lambda: broker_state(server)["state"] == "connected", what="broker connected")

        private_redis.stop()
        during = [publish(blog, headline=f"While Redis is down {i}") for i in range(3)]  # no error for the writer
        assert [e["data"]["post"]["id"] for e in reader.take(3)] == [p.pk for p in during]
        state = wait_for(lambda: (s := broker_state(server)).get("degraded") and s, what="degraded reported")
        assert "log polling" in state["state"]

        private_redis.start()
        wait_for(lambda: broker_state(server)["state"] == "connected", 60, "broker reconnected")
        after = publish(blog, headline="Redis is back")
        assert reader.next_event()["data"]["post"]["id"] == after.pk
        reader.close()
    finally:
        brokers.use(previous)
        server.stop()
    assert "redis broker reconnected" in server.output()


def _descendants(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                children.append(int(entry.name))
    return [grandchild for child in children for grandchild in [child, *_descendants(child)]]


def test_it_loses_nothing_when_a_server_is_killed_under_its_readers(tmp_path, unique_blog, publish):
    blog = unique_blog
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, b = Server(tmp_path / "a"), Server(tmp_path / "b")
    try:
        start = blog.head_seq
        readers = [open_reader(a, blog) for _ in range(3)]
        for i in range(2):
            publish(blog, headline=f"Before the crash {i}")
        got = [reader.take(2) for reader in readers]

        for pid in [a.proc.pid, *_descendants(a.proc.pid)]:
            os.kill(pid, signal.SIGKILL)  # no chance to say goodbye
        a.proc.wait(10)
        for reader in readers:
            with pytest.raises((EOFError, ConnectionError)):
                reader.next_event()

        for i in range(3):
            publish(blog, headline=f"After the crash {i}")
        for reader, events in zip(readers, got):
            resumed = SSEClient(f"{b.url}/live/{blog.slug}/events", last_event_id=reader.last_id, timeout=10)
            events.extend(resumed.take(3))
            resumed.close()
    finally:
        a.log.close()
        b.stop()

    for events in got:
        assert [int(e["id"].split("-")[1]) for e in events] == list(range(start + 1, start + 6))
