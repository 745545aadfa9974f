"""Start the real ASGI server (granian, via `manage.py serve`) against the
test database, for tests of streams and of the browser. pytest-django's
live_server is a threaded WSGI server and cannot serve the fast lane."""

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def need_service(name: str, probe) -> None:
    """Skip the calling test with a clear reason when a service it needs
    (PostgreSQL, Redis) does not answer `probe()`; fail instead under CI=true,
    where a green run must never hide a skipped feature."""
    import pytest

    try:
        probe()
    except Exception as exc:
        message = f"{name} is not reachable ({type(exc).__name__}: {exc}); start it to run this test"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}. CI=true: services must be up.", pytrace=False)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env() -> dict:
    """Point the server at the database pytest-django created for this run."""
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return {"SQLITE_PATH": str(s["NAME"])}
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return {"DATABASE_URL": f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}{port}/{s['NAME']}"}


_static_root: Path | None = None


def shared_static_root(env: dict) -> Path:
    """The static files, collected once per test process into a folder every
    test server in it serves: they do not change during a run, and collecting
    for each server was a second or more of every server's start."""
    global _static_root
    if _static_root is None:
        root = Path(tempfile.mkdtemp(prefix="newsline-static-"))
        collect(env, root)
        atexit.register(shutil.rmtree, root, True)
        _static_root = root
    return _static_root


def collect(env: dict, root: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
                   env={**env, "STATIC_ROOT": str(root)}, check=True, cwd=ROOT)


class Server:
    def __init__(
        self, tmp: Path, extra_env: dict | None = None, workers: int = 1, port: int | None = None,
        collect_static: bool = True,
    ):
        # A given port: a server started again where a stopped one was (a restart).
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            **database_env(),
            "NEWSLINE_TESTING": "1",
            "SITE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(tmp / "media"),  # uploaded pictures stay in the test's folder
            "REALTIME_POLL_MS": "200",
            "REALTIME_HEARTBEAT_SECONDS": "2",
            # Analytics beacons written within a second (liveblogs.beacon), so tests wait briefly.
            "ANALYTICS_FLUSH_SECONDS": "1",
            # No job worker beside test servers: tests run the worker themselves
            # (call_command("db_worker", "--batch")) and must not race one.
            "JOB_WORKER": "off",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        # A test that names its own STATIC_ROOT gets the files collected there
        # (unless collect_static=False: a restart on a folder already
        # collected); the others share one collection.
        if (extra_env or {}).get("STATIC_ROOT"):
            if collect_static:
                collect({**env, **extra_env}, Path(extra_env["STATIC_ROOT"]))
        else:
            env["STATIC_ROOT"] = str(shared_static_root(env))
        env.update(extra_env or {})
        manage = [sys.executable, str(ROOT / "manage.py")]
        self.log_path = tmp / f"server-{self.port}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [*manage, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self._wait_ready(tmp)

    def _wait_ready(self, tmp: Path):
        deadline = time.monotonic() + 90  # a loaded CI machine can be slow to start granian
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {(tmp / f'server-{self.port}.log').read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not answer within 90 s")

    def output(self) -> str:
        """What the server has printed so far (serve's banner, then logs)."""
        return self.log_path.read_text()

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
