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
    check = subprocess.run(
        [binary, "-t", "-p", str(tmp), "-c", str(tmp / "nginx.conf")], capture_output=True, text=True
    )
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


def test_it_keeps_metrics_away_from_the_public(nginx):
    # Behind the proxy every request comes from an allowed local address, so
    # the proxy itself must refuse; Prometheus scrapes the nodes directly.
    status, _, body = _get(f"{nginx}/metrics")
    assert status == 404
    assert b"newsline_" not in body


def test_it_passes_the_tls_front_with_http2(tmp_path):
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary) or not shutil.which("openssl"):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx and openssl are needed for the TLS config test")
        pytest.skip("nginx or openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=live.example.org",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    tls = Template((ROOT / "deploy/nginx-tls.conf.template").read_text()).safe_substitute(
        TLS_CERT=str(cert), TLS_KEY=str(key), SERVER_NAME="live.example.org"
    )
    site = Template((ROOT / "deploy/nginx.conf.template").read_text()).safe_substitute(
        LISTEN=f"127.0.0.1:{free_port()} ssl http2", UPSTREAMS="server 127.0.0.1:9;", CACHE_DIR=str(tmp_path / "cache")
    )
    # Port 80 is not ours to bind in a test: check the syntax with a spare port.
    tls = tls.replace("listen 80;", f"listen 127.0.0.1:{free_port()};").replace("listen [::]:80;", "")
    (tmp_path / "tls.conf").write_text(tls)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"""
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log warn;
        events {{ worker_connections 64; }}
        http {{
            access_log off;
            include {tmp_path}/tls.conf;
            include {tmp_path}/site.conf;
        }}
        """
    )
    check = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
