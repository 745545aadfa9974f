#!/usr/bin/env python3
"""Audit the locked dependencies against PyPI's advisory data.

    python deploy/audit_dependencies.py [lock or requirements files…]   (default: requirements-test.lock,
    which holds every package any lock installs)

For every `name==version` pin it asks PyPI's JSON API for the known
vulnerabilities of that release (the same data `pip-audit` reads, from the
Python Packaging Advisory Database and OSV). Where PyPI answers only for the
project as a whole (some mirrors and proxies serve no per-release pages), it
checks the advisories listed for the project's latest release, and says which
pins were checked that way. A yanked pin fails too. It reads the generated
locks (hash and comment lines are skipped) as well as plain requirements files.

Why not pip-audit: here PyPI serves no per-release JSON (404), so pip-audit
reports every package "not found on PyPI" and audits none, and the OSV
service it can use instead is not reachable (docs/dependencies.md).

Exit status: 0 clean; 1 a vulnerable or yanked pin (each advisory named).
An unreachable PyPI is a warning and exit 0, so CI does not fail because a
service is down; with AUDIT_REQUIRED=1 it is an error (exit 2). Standard
library only, so it runs before anything is installed."""

import json
import os
import re
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPI = os.environ.get("PYPI_JSON_URL", "https://pypi.org/pypi").rstrip("/")
TIMEOUT = float(os.environ.get("AUDIT_TIMEOUT", "20"))
PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;#]+)")


class Unreachable(Exception):
    pass


def pins(paths: list[Path], seen: set | None = None) -> dict[str, str]:
    seen = seen if seen is not None else set()
    found: dict[str, str] = {}
    for path in paths:
        path = path.resolve()
        if path in seen:
            continue
        seen.add(path)
        for line in path.read_text().splitlines():
            line = line.strip()
            if line.startswith(("-r ", "--requirement ")):
                found.update(pins([path.parent / line.split(None, 1)[1]], seen))
                continue
            m = PIN.match(line)
            if m:
                found[m.group(1).lower().replace("_", "-")] = m.group(3)
    return found


def fetch(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise Unreachable(f"{url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Unreachable(f"{url}: {exc}") from None


def _version_key(v: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"[.+-]", v)]


def _fixed_after(fixed_in: list[str], version: str) -> bool:
    """True if no fix is at or below `version` (so the pin is still affected)."""
    try:
        return all(_version_key(f) > _version_key(version) for f in fixed_in)
    except TypeError:  # a version scheme we cannot compare: assume affected
        return True


def audit_one(name: str, version: str) -> dict:
    release = fetch(f"{PYPI}/{name}/{version}/json")
    how = "release"
    if release is None:
        project = fetch(f"{PYPI}/{name}/json")
        if project is None:
            return {"name": name, "version": version, "how": "unknown", "problems": [f"{name} is not on PyPI"]}
        latest = project.get("info", {}).get("version")
        files = project.get("releases", {}).get(version)
        vulns = [v for v in project.get("vulnerabilities", []) if _fixed_after(v.get("fixed_in") or [], version)]
        how = "release" if latest == version else "latest"
    else:
        files = release.get("urls")
        vulns = release.get("vulnerabilities", [])
    problems = []
    for v in vulns:
        ids = ", ".join([v.get("id", "?"), *(v.get("aliases") or [])])
        fixed = ", ".join(v.get("fixed_in") or []) or "no fixed release yet"
        summary = (v.get("summary") or v.get("details") or "").strip().splitlines()[0:1]
        problems.append(f"{ids}: fixed in {fixed}. {summary[0] if summary else ''} {v.get('link', '')}".strip())
    if files is None:
        problems.append(f"release {version} not found on PyPI")
    elif files and all(f.get("yanked") for f in files):
        reason = next((f.get("yanked_reason") for f in files if f.get("yanked_reason")), "") or "no reason given"
        problems.append(f"release {version} was yanked: {reason}")
    return {"name": name, "version": version, "how": how, "problems": problems}


def main(argv: list[str]) -> int:
    required = os.environ.get("AUDIT_REQUIRED", "").strip().lower() in ("1", "true", "yes")
    files = [Path(a) for a in argv] or [ROOT / "requirements-test.lock"]
    pinned = pins(files)
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda item: audit_one(*item), sorted(pinned.items())))
    except Unreachable as exc:
        if required:
            print(f"audit: FAILED: PyPI's advisory data is unreachable ({exc}) and AUDIT_REQUIRED is set.",
                  file=sys.stderr)
            return 2
        print(f"audit: WARNING: not audited: PyPI's advisory data is unreachable ({exc}). "
              "Run `make audit` again when it is (AUDIT_REQUIRED=1 makes this an error).", file=sys.stderr)
        return 0
    bad = [r for r in results if r["problems"]]
    for r in bad:
        for problem in r["problems"]:
            print(f"audit: VULNERABLE {r['name']}=={r['version']}: {problem}", file=sys.stderr)
    partial = [f"{r['name']}=={r['version']}" for r in results if r["how"] == "latest"]
    if partial:
        print(
            f"audit: note: PyPI gave no per-release data here; {len(partial)} pin(s) older than their latest release "
            f"were checked against the advisories of the latest release: {', '.join(partial)}"
        )
    if bad:
        print(f"audit: {len(bad)} of {len(results)} pinned packages need attention (above).", file=sys.stderr)
        return 1
    print(f"audit: {len(results)} pinned packages, no known vulnerabilities.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
