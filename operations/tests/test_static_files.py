"""Static files in production: hashed names in pages, a year's cache for
hashed files, compressed copies served to browsers that accept them."""

import http.client
import os
import re
import subprocess
import sys
from urllib.parse import urlsplit

from operations.tests.test_deploy_checks import production_env
from tests.server import ROOT, Server


def manage(env, *args):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=True,
    )


def fetch(server, path, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


def test_it_links_hashed_static_files_that_caches_keep_for_a_year(transactional_db, tmp_path):
    static_root = tmp_path / "static"  # where the test server serves from
    env = production_env(tmp_path, STATIC_ROOT=str(static_root))
    manage(env, "collectstatic", "--noinput", "-v0")
    hashed = manage(
        env, "shell", "-c", "from django.templatetags.static import static; print(static('liveblogs/desk.css'))"
    ).stdout.strip().splitlines()[-1]  # after the shell's own banner
    assert hashed.startswith("/static/liveblogs/desk.") and hashed != "/static/liveblogs/desk.css"
    assert os.path.exists(static_root / "liveblogs" / (hashed.rsplit("/", 1)[1] + ".gz"))

    server = Server(tmp_path, {"STATIC_ROOT": str(static_root)})
    try:
        response, body = fetch(server, hashed, **{"Accept-Encoding": "gzip"})
        assert response.status == 200
        assert "immutable" in response.getheader("Cache-Control")
        max_age = int(re.search(r"max-age=(\d+)", response.getheader("Cache-Control")).group(1))
        assert max_age >= 365 * 24 * 3600
        assert response.getheader("Content-Encoding") == "gzip"

        response, _ = fetch(server, "/static/liveblogs/desk.css")
        assert "immutable" not in response.getheader("Cache-Control")
        assert "max-age=3600" in response.getheader("Cache-Control")
    finally:
        server.stop()
