"""deploy/audit_dependencies.py against a stand-in for PyPI's JSON API (the
edge of the world), served over real HTTP."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.server import ROOT, free_port

SCRIPT = ROOT / "deploy" / "audit_dependencies.py"

ADVISORY = {
    "id": "PYSEC-2099-17",
    "aliases": ["CVE-2099-0017", "GHSA-abcd-efgh-ijkl"],
    "summary": "Header injection in the widget parser",
    "fixed_in": ["1.4.1"],
    "link": "https://osv.dev/vulnerability/PYSEC-2099-17",
}


class FakePyPI(BaseHTTPRequestHandler):
    releases: dict = {}  # "name/version" -> release JSON; absent: 404
    projects: dict = {}  # "name" -> project JSON

    def do_GET(self):
        parts = self.path.strip("/").split("/")  # pypi/<name>[/<version>]/json
        key = "/".join(parts[1:-1])
        body = self.releases.get(key) if len(parts) == 4 else self.projects.get(key)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def pypi():
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), FakePyPI)
    FakePyPI.releases, FakePyPI.projects = {}, {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakePyPI, f"http://127.0.0.1:{server.server_port}/pypi"
    server.shutdown()


def audit(tmp_path, url, pins, ci="true"):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("".join(f"{p}      # why\n" for p in pins))
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(requirements)], capture_output=True, text=True, timeout=60,
        env={"PYPI_JSON_URL": url, "CI": ci, "PATH": "/usr/bin:/bin"},
    )


def clean_release(version):
    return {"info": {"version": version}, "urls": [{"yanked": False}], "vulnerabilities": []}


def test_it_passes_pins_with_no_known_vulnerability(pypi, tmp_path):
    fake, url = pypi
    fake.releases = {"widgets/1.4.1": clean_release("1.4.1"), "gadgets/2.0": clean_release("2.0")}
    result = audit(tmp_path, url, ["widgets==1.4.1", "gadgets[fast]==2.0"])
    assert result.returncode == 0, result.stderr
    assert "2 pinned packages, no known vulnerabilities" in result.stdout


def test_it_fails_on_a_known_vulnerability_and_names_the_advisory(pypi, tmp_path):
    fake, url = pypi
    fake.releases = {"widgets/1.4.0": {**clean_release("1.4.0"), "vulnerabilities": [ADVISORY]}}
    result = audit(tmp_path, url, ["widgets==1.4.0"])
    assert result.returncode == 1
    assert "VULNERABLE widgets==1.4.0: PYSEC-2099-17, CVE-2099-0017" in result.stderr
    assert "fixed in 1.4.1" in result.stderr


def test_it_falls_back_to_the_projects_advisories_when_pypi_has_no_release_page(pypi, tmp_path):
    fake, url = pypi
    fake.projects = {
        "widgets": {
            "info": {"version": "1.4.0"},
            "releases": {"1.3.0": [{"yanked": False}], "1.4.0": [{"yanked": False}]},
            "vulnerabilities": [{**ADVISORY, "fixed_in": ["1.5.0"]}],
        }
    }
    result = audit(tmp_path, url, ["widgets==1.3.0"])
    assert result.returncode == 1
    assert "PYSEC-2099-17" in result.stderr
    assert "checked against the advisories of the latest release: widgets==1.3.0" in result.stdout


def test_it_fails_on_a_yanked_pin(pypi, tmp_path):
    fake, url = pypi
    fake.releases = {
        "widgets/1.4.0": {**clean_release("1.4.0"), "urls": [{"yanked": True, "yanked_reason": "broken wheel"}]}
    }
    result = audit(tmp_path, url, ["widgets==1.4.0"])
    assert result.returncode == 1
    assert "yanked: broken wheel" in result.stderr


def test_it_fails_under_ci_when_pypi_is_unreachable(tmp_path):
    result = audit(tmp_path, f"http://127.0.0.1:{free_port()}/pypi", ["widgets==1.4.0"], ci="true")
    assert result.returncode == 2
    assert "CI must audit" in result.stderr


def test_it_skips_with_a_message_offline_outside_ci(tmp_path):
    result = audit(tmp_path, f"http://127.0.0.1:{free_port()}/pypi", ["widgets==1.4.0"], ci="")
    assert result.returncode == 0
    assert "skipped: PyPI is unreachable" in result.stderr
