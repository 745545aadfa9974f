"""Request ids and the access log through the real server: the fast lane
and Django, with and without an id from the proxy."""

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest

from tests.server import Server


@pytest.fixture(scope="module")
def json_server(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        server = Server(tmp_path_factory.mktemp("json-logs"), extra_env={"LOG_FORMAT": "json", "ACCESS_LOG": "on"})
    yield server
    server.stop()


def get(server, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def access_lines(server, request_id):
    lines = []
    for line in server.output().splitlines():
        if line.startswith("{") and request_id in line:
            lines.append(json.loads(line))
    return [entry for entry in lines if entry["logger"] == "newsline.access"]


@pytest.mark.parametrize("path, group", [("/healthz", "ops"), ("/live/no-such-blog/updates", "updates")])
def test_it_carries_the_proxys_request_id_to_the_response_and_the_log(json_server, path, group, transactional_db):
    rid = f"edge-7f3a9c1e-{group}"
    response = get(json_server, path, {"X-Request-ID": rid})
    assert response.getheader("X-Request-ID") == rid
    for _ in range(50):  # the log line is written as the response ends
        lines = access_lines(json_server, rid)
        if lines:
            break
        time.sleep(0.1)
    assert lines[0]["path"] == path
    assert lines[0]["group"] == group
    assert lines[0]["status"] == response.status


def test_it_makes_a_request_id_when_the_proxy_sends_none(json_server, transactional_db):
    response = get(json_server, "/healthz")
    assert len(response.getheader("X-Request-ID")) == 32
