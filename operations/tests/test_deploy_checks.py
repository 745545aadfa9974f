"""Production settings: `check --deploy` is clean, and serve refuses to
start with DEBUG on, the development key or no SITE_URL."""

import os
import secrets
import subprocess
import sys

import pytest

from tests.server import ROOT


def production_env(tmp_path, **overrides):
    env = {
        key: value for key, value in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (conftest.py), never production's.
        if key not in ("NEWSLINE_TESTING", "NEWSLINE_DEMO", "DEBUG", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                       "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://live.example.org",
        ALLOWED_HOSTS="live.example.org",
        BEHIND_TLS_PROXY="true",
        SQLITE_PATH=str(tmp_path / "prod.sqlite3"),
        NEWSLINE_VAR_DIR=str(tmp_path),
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env, *args, timeout=60):
    # Run outside pytest, so settings do not think they are under test.
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True,
        timeout=timeout,
    )


def test_it_passes_check_deploy_under_production_settings(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_names_each_production_problem_in_check_deploy(tmp_path):
    env = production_env(tmp_path, DEBUG="true", SECRET_KEY="short", SITE_URL=None)
    result = manage(env, "check", "--deploy")
    assert result.returncode != 0
    for code in ("newsline.E001", "newsline.E002", "newsline.E003"):
        assert code in result.stderr


@pytest.mark.parametrize(
    "overrides, named",
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"SECRET_KEY": "insecure-local-only-key-do-not-use-in-production"}, "SECRET_KEY is the development key"),
        ({"SITE_URL": None}, "SITE_URL is not set"),
    ],
)
def test_it_refuses_to_serve_in_production(tmp_path, overrides, named):
    result = manage(production_env(tmp_path, **overrides), "serve", "--port", "1")
    assert result.returncode != 0
    assert "refusing to serve in production" in result.stderr
    assert named in result.stderr


def test_it_lets_the_probes_through_on_plain_http_when_the_site_redirects_to_https(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code in (200, 503)
    assert client.get("/desk/").status_code == 301
