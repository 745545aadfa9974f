"""A private Pushpin (GRIP proxy) for tests and benchmarks: deploy/pushpin.conf.template
rendered into a folder of its own, loopback ports, started and stopped here."""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from string import Template

from tests.server import ROOT, free_port

SIG_KEY = "a-test-signing-key-for-pushpin-not-secret"


def pushpin_binary() -> str | None:
    return shutil.which("pushpin")


def need_pushpin() -> str:
    """Pushpin's path; skips the calling test when it is not installed (fails under CI=true)."""
    import pytest

    binary = pushpin_binary()
    if binary is None or shutil.which("condure") is None or shutil.which("zurl") is None:
        message = "Pushpin is not installed (apt-get install pushpin); the GRIP tests need it"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}. CI=true: .ci/run installs it.", pytrace=False)
        pytest.skip(message)
    return binary


class Pushpin:
    """One Pushpin with its own rundir and logs under `tmp`, routing every
    request to `origins` (host:port, comma-separated)."""

    def __init__(self, tmp: Path, origins: str, http_port: int | None = None, control_port: int | None = None,
                 sig_key: str = SIG_KEY, extra: dict | None = None, core: str | None = None):
        self.tmp = tmp
        self.core = core  # the benchmarks pin it to the server's core (taskset)
        self.http_port = http_port or free_port()
        self.control_port = control_port or free_port()
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.control_url = f"http://127.0.0.1:{self.control_port}"
        tmp.mkdir(parents=True, exist_ok=True)
        (tmp / "run").mkdir(exist_ok=True)
        (tmp / "log").mkdir(exist_ok=True)
        self.stats = f"ipc://{tmp}/run/pushpin-stats"
        values = {
            "RUNDIR": str(tmp / "run"), "LOGDIR": str(tmp / "log"), "HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
            "CONTROL_PORT": str(self.control_port), "STATS_LISTEN": self.stats, "SIG_KEY": sig_key, "ORIGINS": origins,
        }
        conf = Template((ROOT / "deploy/pushpin.conf.template").read_text()).substitute(values)
        for key, value in (extra or {}).items():  # a test's own setting, e.g. message_rate
            lines = [f"{key}={value}" if line.startswith(f"{key}=") else line for line in conf.splitlines()]
            conf = "\n".join(lines) + "\n"
        (tmp / "pushpin.conf").write_text(conf)
        (tmp / "routes").write_text(Template((ROOT / "deploy/pushpin-routes.template").read_text()).substitute(values))
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self):
        self.log = open(self.tmp / "pushpin.out", "a")
        self.proc = subprocess.Popen(
            (["taskset", "-c", self.core] if self.core is not None else [])
            + [pushpin_binary(), "--config", str(self.tmp / "pushpin.conf"), "--merge-output"],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pushpin exited: {self.output()}")
            try:
                # The publish API answers once the handler is up; the proxy port once condure listens.
                urllib.request.urlopen(self.control_url + "/publish/", data=b'{"items":[]}', timeout=1)
                with socket_to(self.http_port):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"pushpin did not start within 30 s: {self.output()}")

    def output(self) -> str:
        return (self.tmp / "pushpin.out").read_text(errors="replace")

    def stop(self):
        if self.proc is None:
            return
        # The runner stops its services (condure, zurl, proxy, handler) on SIGTERM.
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(5)
        self.proc = None
        self.log.close()

    def restart(self):
        self.stop()
        self.start()


class socket_to:
    def __init__(self, port: int):
        import socket

        self.sock = socket.create_connection(("127.0.0.1", port), timeout=1)

    def __enter__(self):
        return self.sock

    def __exit__(self, *exc):
        self.sock.close()
