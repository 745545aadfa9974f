"""Publishing to several GRIP proxies (realtime/grip.py), against two local
HTTP receivers standing in for the proxies' publish APIs (the edge of the
world: tests/deploy/test_pushpin.py runs real Pushpins)."""

import json
import os
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from realtime import grip

ITEMS = [{"channel": "liveblog:storm", "id": "1-7", "prev-id": "1-6", "formats": {"http-stream": {"content": "x"}}}]


class Receivers:
    """Two publish APIs on loopback, each noting the items POSTed to it."""

    def __init__(self):
        self.got: dict[int, list] = {}
        self.lock = threading.Lock()
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receivers.lock:
                    receivers.got.setdefault(self.server.server_port, []).extend(i["id"] for i in body["items"])
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(2)]
        for server in self.servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        self.url = ",".join(f"http://127.0.0.1:{s.server_port}" for s in self.servers)

    def ids(self) -> list[list[str]]:
        with self.lock:
            return [list(self.got.get(s.server_port, [])) for s in self.servers]

    def close(self):
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture
def receivers(settings, monkeypatch):
    r = Receivers()
    settings.REALTIME_GRIP_URL = r.url
    settings.REALTIME_GRIP_KEY = ""
    # The items a write appended come from the blog's log; these tests are about where they go.
    monkeypatch.setattr(grip, "items_for", lambda source, key, first, seq: [dict(ITEMS[0], id=f"1-{seq}")])
    yield r
    r.close()


def test_each_publish_reaches_every_proxy(receivers):
    grip.publish("liveblog", "storm", 7, 7)
    grip.publish("liveblog", "storm", 8, 8)
    assert receivers.ids() == [["1-7", "1-8"], ["1-7", "1-8"]]


def test_a_process_forked_after_publishing_still_publishes_to_every_proxy(receivers):
    # The parent's sender pool has threads now; a forked child has none of them.
    grip.publish("liveblog", "storm", 7, 7)
    pid = os.fork()
    if pid == 0:  # the child: publish, and give up after 10 s instead of hanging
        signal.alarm(10)
        try:
            grip.publish("liveblog", "storm", 8, 8)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status), "the child hung publishing and was killed by its alarm"
    assert receivers.ids() == [["1-7", "1-8"], ["1-7", "1-8"]]
