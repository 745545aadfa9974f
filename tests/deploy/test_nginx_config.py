"""deploy/nginx.conf.template, run by a real nginx in front of the real server."""

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from string import Template

import pytest

from tests.server import ROOT, free_port
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def nginx(asgi_server, tmp_path_factory):
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if binary is None:
        message = "nginx is not installed (apt-get install nginx-light); the deploy config test needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    site = Template((ROOT / "deploy/nginx.conf.template").read_text()).safe_substitute(
        LISTEN=f"127.0.0.1:{port}", UPSTREAMS=f"server 127.0.0.1:{asgi_server.port};", CACHE_DIR=str(tmp / "cache")
    )
    (tmp / "site.conf").write_text(site)
    (tmp / "nginx.conf").write_text(
        f"""
        daemon off;
        {"user root;" if os.geteuid() == 0 else ""}
        pid {tmp}/nginx.pid;
        error_log {tmp}/error.log warn;
        events {{ worker_connections 256; }}
        http {{
            access_log off;
            client_body_temp_path {tmp}/body;
            proxy_temp_path {tmp}/proxy;
            include {tmp}/site.conf;
        }}
        """
    )
    check = subprocess.run([binary, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([binary, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/desk/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


def _get(url, **headers):
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_it_micro_caches_the_reader_page(nginx, unique_blog, publish):
    publish(unique_blog, headline="Through the proxy")
    url = f"{nginx}/live/{unique_blog.slug}/"
    responses = [_get(url, Cookie="sessionid=abc") for _ in range(3)]
    assert [r[0] for r in responses] == [200, 200, 200]
    statuses = [r[1]["X-Cache-Status"] for r in responses]
    assert statuses[0] in ("MISS", "EXPIRED", "UPDATING")
    assert "HIT" in statuses[1:]
    assert b"Through the proxy" in _get(url)[2]


def test_it_streams_through_unbuffered(nginx, unique_blog, publish):
    client = SSEClient(f"{nginx}/live/{unique_blog.slug}/events?after={unique_blog.head_seq}")
    post = publish(unique_blog, headline="Straight through")
    event = client.next_event()
    client.close()
    assert event["data"]["post"]["id"] == post.pk


def test_it_never_caches_staff_pages(nginx):
    status, headers, _ = _get(f"{nginx}/desk/login/")
    assert status == 200
    assert "X-Cache-Status" not in headers
