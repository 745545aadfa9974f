"""PostgreSQL restarted under a running server: a private cluster (initdb +
pg_ctl in a temporary folder, on a spare port), never the machine's own."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.server import ROOT, Server, free_port, need_service
from tests.waiting import wait_for


def _pg_bin() -> Path:
    """PG_BIN, or the newest Debian-installed PostgreSQL's programs."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0
    )
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.data = folder / "pgdata"
        self.socket_dir = folder / "sock"
        self.log = folder / "postgres.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        # initdb will not run as root: run the cluster as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv):
        subprocess.run([*self.as_user, *argv], check=True, capture_output=True, timeout=120)

    def init(self):
        for path in (self.data.parent, self.socket_dir):  # data.parent is the folder itself
            path.mkdir(parents=True, exist_ok=True)
            if self.as_user:
                shutil.chown(path, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self):
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start",
            "-o", f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off",
        )

    def stop(self):
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


def _probe():
    if not (PG_BIN / "initdb").exists():
        raise FileNotFoundError(f"{PG_BIN}/initdb (apt-get install postgresql)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        raise FileNotFoundError("runuser")


@pytest.fixture
def private_postgres():
    need_service("PostgreSQL's initdb and pg_ctl (for a private cluster)", _probe)
    # Not under pytest's temporary folder: its parents are closed to the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="newsline-pg-"))
    pg = PrivatePostgres(folder)
    try:
        pg.init()
        pg.start()
        yield pg
        try:
            pg.stop()
        except subprocess.CalledProcessError:
            pass
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def readiness(server) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(server.url + "/readyz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_it_reports_the_database_down_and_recovers_without_a_restart(private_postgres, tmp_path):
    env = {**os.environ, "DATABASE_URL": private_postgres.url, "NEWSLINE_TESTING": "1"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=300
    )
    server = Server(tmp_path, {"DATABASE_URL": private_postgres.url})
    try:
        status, body = readiness(server)
        assert body["checks"]["database"]["ok"] is True
        assert body["checks"]["migrations"]["ok"] is True

        private_postgres.stop()
        status, body = readiness(server)
        assert status == 503
        assert body["checks"]["database"]["ok"] is False
        with urllib.request.urlopen(server.url + "/healthz", timeout=10) as response:
            assert response.status == 200  # the process lives on: no restart loop

        private_postgres.start()
        # Kept connections died with the old server; health checks replace them.
        wait_for(lambda: readiness(server)[1]["checks"]["database"]["ok"], what="database reachable again")
    finally:
        server.stop()
