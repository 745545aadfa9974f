"""The optional stacks (pyproject.toml's extras): a setting that asks for one
that is not installed stops `manage.py` at start with a message naming the
extra; installed (as in the test lock), the same settings start.

"Not installed" is made by hiding the extra's modules from the process
(`sys.modules[name] = None`, which is what Python's import system reads as
absent), because the test venv has every extra."""

import os
import subprocess
import sys

import pytest

from tests.server import ROOT

CASES = [
    ("toxicity", {"COMMUNITY_TOXICITY": "local"}, ["profanity_check"], "COMMUNITY_TOXICITY=local"),
    ("s3", {"MEDIA_STORAGE": "s3", "S3_BUCKET": "pictures"}, ["storages", "boto3"], "MEDIA_STORAGE=s3"),
    ("akismet", {"AKISMET_API_KEY": "k3y"}, ["akismet"], "AKISMET_API_KEY"),
]


def manage_check(settings: dict, hidden: list[str]) -> subprocess.CompletedProcess:
    hide = "".join(f"sys.modules[{name!r}] = None; " for name in hidden)
    code = (
        f"import runpy, sys; {hide}sys.argv = ['manage.py', 'check']; "
        "runpy.run_path('manage.py', run_name='__main__')"
    )
    ours = ("COMMUNITY_", "MEDIA_", "S3_", "AKISMET_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(ours)}
    env.update(NEWSLINE_TESTING="1", **settings)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("extra, settings, modules, setting", CASES, ids=[case[0] for case in CASES])
def test_it_stops_at_start_naming_the_extra_a_setting_needs(extra, settings, modules, setting):
    result = manage_check(settings, hidden=modules[:1])
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert f"{setting} needs the optional '{extra}' dependencies" in last_line
    assert "make install-full" in last_line


@pytest.mark.parametrize("extra, settings, modules, setting", CASES, ids=[case[0] for case in CASES])
def test_it_starts_with_the_extra_installed(extra, settings, modules, setting):
    result = manage_check(settings, hidden=[])
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_starts_without_any_extra_when_no_setting_asks_for_one():
    every_module = [module for case in CASES for module in case[2]]
    result = manage_check({}, hidden=every_module)
    assert result.returncode == 0, result.stderr
