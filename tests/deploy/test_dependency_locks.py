"""The requirements*.lock files agree with pyproject.toml: every declared
dependency is locked at a version it allows, each lock holds what its make
target needs and no more (the optional stacks stay out of make demo's), every
pin carries hashes, and the locks agree with one another. Someone who edits
pyproject.toml and forgets `make lock` sees it here, offline."""

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from newsline.lib.extras import EXTRAS
from tests.server import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: ;[^\\]*)?(?: \\)?$")


def read_lock(name: str) -> dict[str, dict]:
    """{package: {"version": …, "hashes": n}} from a lock uv wrote."""
    entries: dict[str, dict] = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        if line.startswith("    --hash=sha256:") and current is not None:
            current["hashes"] += 1
        elif line and not line.startswith(("#", " ")):
            match = ENTRY.match(line)
            assert match, f"{name}: not a pin uv writes: {line!r}"
            current = {"version": match.group(2), "hashes": 0}
            entries[canonicalize_name(match.group(1))] = current
    return entries


RUNTIME = read_lock("requirements.lock")
FULL = read_lock("requirements-full.lock")
TEST = read_lock("requirements-test.lock")
DECLARED = {
    "requirements.lock": PYPROJECT["project"]["dependencies"] + PYPROJECT["dependency-groups"]["install"],
    "requirements-full.lock": [dep for deps in PYPROJECT["project"]["optional-dependencies"].values() for dep in deps],
    "requirements-test.lock": PYPROJECT["dependency-groups"]["test"],
}
LOCKS = {"requirements.lock": RUNTIME, "requirements-full.lock": FULL, "requirements-test.lock": TEST}
# What each lock must hold: its own declarations and every smaller lock's.
HOLDS = {
    "requirements.lock": ["requirements.lock"],
    "requirements-full.lock": ["requirements.lock", "requirements-full.lock"],
    "requirements-test.lock": ["requirements.lock", "requirements-full.lock", "requirements-test.lock"],
}


@pytest.mark.parametrize("lock_name", LOCKS)
def test_it_locks_every_declared_dependency_at_a_version_pyproject_allows(lock_name):
    lock = LOCKS[lock_name]
    for declared_in in HOLDS[lock_name]:
        for spec in DECLARED[declared_in]:
            requirement = Requirement(spec)
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{requirement.name} is in pyproject.toml but not in {lock_name}: run make lock"
            assert requirement.specifier.contains(lock[name]["version"], prereleases=True), (
                f"{lock_name} has {name}=={lock[name]['version']}, pyproject.toml asks {requirement}: run make lock"
            )


@pytest.mark.parametrize("lock_name", LOCKS)
def test_it_checks_a_hash_for_every_pin(lock_name):
    assert LOCKS[lock_name]
    unhashed = [name for name, entry in LOCKS[lock_name].items() if not entry["hashes"]]
    assert not unhashed


def test_it_keeps_the_optional_stacks_out_of_the_demos_lock():
    for heavy in ("alt-profanity-check", "scikit-learn", "scipy", "numpy", "django-storages", "boto3", "akismet"):
        assert heavy not in RUNTIME
        assert heavy in FULL and heavy in TEST
    for test_tool in ("pytest", "playwright", "ruff", "uv"):
        assert test_tool not in RUNTIME and test_tool not in FULL
        assert test_tool in TEST


def test_it_pins_each_package_at_one_version_across_the_locks():
    for smaller, larger in ((RUNTIME, FULL), (FULL, TEST)):
        for name, entry in smaller.items():
            assert larger[name]["version"] == entry["version"], name


def test_it_pins_what_the_hand_list_missed():
    assert "packaging" in RUNTIME  # django-csp imports it


def test_it_knows_the_same_extras_as_pyproject():
    assert set(EXTRAS) == set(PYPROJECT["project"]["optional-dependencies"])


def test_it_has_no_hand_written_requirements_files_left():
    # make installs only the locks: a pin added to an old requirements file would be silently ignored.
    assert not list(ROOT.glob("requirements*.txt")), "add the dependency to pyproject.toml and run make lock"
