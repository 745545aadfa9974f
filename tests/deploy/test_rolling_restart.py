"""A rolling restart behind nginx (deploy/nginx.conf.template, the real
nginx) with two real servers as its upstreams: readers connected through
nginx, each server stopped with SIGTERM and started again in turn while the
desk keeps publishing. Every reader gets every post exactly once, in order,
having reconnected (through nginx, by Last-Event-ID) after each stop that
closed its stream. docs/operations.md's "Upgrade" section describes this
procedure."""

import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.request
from string import Template

import pytest

from tests.server import ROOT, Server, free_port
from tests.sse import SSEClient
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 6
DRAIN = {"REALTIME_DRAIN_RETRY_MIN_MS": "200", "REALTIME_DRAIN_RETRY_MAX_MS": "600"}


def _nginx_binary():
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if binary is None:
        message = "nginx is not installed (apt-get install nginx-light); the rolling restart test needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


class Reader(threading.Thread):
    """An EventSource through nginx: reads events, and when the stream ends
    waits the server's `retry:` and reconnects with Last-Event-ID."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url = url
        self.seqs: list[int] = []
        self.connections = 0
        self.refused = 0
        self.bad_answers: list[int] = []
        self.stop = threading.Event()
        self.last_id = None

    def run(self):
        retry_ms = 1000
        while not self.stop.is_set():
            try:
                client = SSEClient(self.url, last_event_id=self.last_id, timeout=5)
            except OSError:
                self.refused += 1
                time.sleep(0.2)
                continue
            if client.status != 200:
                # A browser's EventSource would give up here for good (and
                # live.js fall back to polling): recorded, and tried again.
                self.bad_answers.append(client.status)
                client.close()
                time.sleep(0.2)
                continue
            self.connections += 1
            try:
                while not self.stop.is_set():
                    try:
                        event = client.next_event()
                    except TimeoutError:
                        continue
                    if event["event"] == "post" or event["data"].get("post"):
                        self.seqs.append(int(event["id"].split("-")[1]))
                    self.last_id = client.last_id
            except (EOFError, OSError):
                pass
            finally:
                retry_ms = client.retry or retry_ms
                client.close()
            time.sleep(retry_ms / 1000)


@pytest.fixture
def servers_behind_nginx(transactional_db, tmp_path):
    binary = _nginx_binary()
    # One folder for both (logs are named by port): static files collected once.
    (tmp_path / "servers").mkdir()
    made = {"a": Server(tmp_path / "servers", extra_env=DRAIN)}
    made["b"] = Server(tmp_path / "servers", extra_env=DRAIN, collect_static=False)
    conf = tmp_path / "nginx"
    conf.mkdir()
    port = free_port()
    site = Template((ROOT / "deploy/nginx.conf.template").read_text()).safe_substitute(
        LISTEN=f"127.0.0.1:{port}", CACHE_DIR=str(conf / "cache"),
        # As deploy/nginx.conf.template and docs/operations.md say to list them.
        UPSTREAMS="".join(f"server 127.0.0.1:{s.port} max_fails=0;" for s in made.values()),
    )
    (conf / "site.conf").write_text(site)
    (conf / "nginx.conf").write_text(
        f"""
        daemon off;
        {"user root;" if os.geteuid() == 0 else ""}
        pid {conf}/nginx.pid;
        error_log {conf}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            access_log off;
            client_body_temp_path {conf}/body;
            proxy_temp_path {conf}/proxy;
            include {conf}/site.conf;
        }}
        """
    )
    proc = subprocess.Popen([binary, "-p", str(conf), "-c", str(conf / "nginx.conf")], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("nginx did not start in front of the two servers (see its config above)")
            time.sleep(0.05)
    yield url, made, tmp_path
    proc.terminate()
    proc.wait(10)
    for server in made.values():
        if server.proc.poll() is None:
            server.stop()


def test_it_restarts_both_servers_in_turn_without_losing_or_repeating_an_event(
    servers_behind_nginx, unique_blog, publish
):
    url, servers, tmp = servers_behind_nginx
    unique_blog.refresh_from_db()
    start = unique_blog.head_seq
    readers = [Reader(f"{url}/live/{unique_blog.slug}/events?after={start}") for _ in range(READERS)]
    for reader in readers:
        reader.start()
    wait_for(lambda: all(r.connections == 1 for r in readers), what="every reader connected")

    def publish_some(n, label):
        for i in range(n):
            publish(unique_blog, headline=f"{label} {i}")

    def readers_on(server) -> int:
        text = urllib.request.urlopen(f"{server.url}/metrics", timeout=10).read().decode()
        return sum(
            int(float(line.rsplit(" ", 1)[1])) for line in text.splitlines()
            if line.startswith("newsline_stream_readers{") and f'key="{unique_blog.slug}",source="liveblog"' in line
        )

    publish_some(2, "Before the restarts")
    wait_for(lambda: all(len(r.seqs) == 2 for r in readers), what="every reader has the first two posts")
    # nginx spread the readers over both servers (round robin; another request
    # in between may shift the split), so each restart below moves readers.
    counts = {name: readers_on(servers[name]) for name in servers}
    assert sum(counts.values()) == READERS and all(counts.values()), counts

    for name in ("a", "b"):
        old = servers[name]
        old.proc.send_signal(signal.SIGTERM)  # what systemd sends on `systemctl restart`
        assert old.proc.wait(20) in (0, -signal.SIGTERM)
        old.log.close()
        publish_some(2, f"While {name} was down")
        # Started again on its port (answering before this returns).
        servers[name] = Server(tmp / "servers", extra_env=DRAIN, port=old.port, collect_static=False)
        publish_some(2, f"After {name} came back")

    # One more post after the last: a stream is in order, so once every
    # reader has it, any duplicate of an earlier event has arrived too.
    publish_some(1, "The end")
    expected = list(range(start + 1, start + 12))
    wait_for(lambda: all(r.seqs and r.seqs[-1] >= expected[-1] for r in readers), 60,
             what="every reader has the last post")
    for reader in readers:
        reader.stop.set()
    for reader in readers:
        assert reader.seqs == expected
    # No reconnect was answered 502 by nginx ("no live upstreams").
    assert [r.bad_answers for r in readers] == [[]] * READERS
    # Every reader was on a server that stopped at least once, so every one
    # reconnected; and all of them were connected again at the end.
    assert all(r.connections >= 2 for r in readers), [r.connections for r in readers]
    # Each drained stream ended as a finished response, not a dropped
    # connection (which nginx logs as an upstream error).
    assert "prematurely closed" not in (tmp / "nginx" / "error.log").read_text()
