"""Start-up checks for production: `manage.py serve` (the production
server) refuses to start with DEBUG on, the development secret key, or no
SITE_URL, unless it is the demo (NEWSLINE_DEMO) or a test server. The same
problems are reported by `manage.py check --deploy` (a deploy-tagged check).
`runserver` with DEBUG on stays available for development."""

import os

from django.conf import settings
from django.core import checks

DEV_SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"


def in_production() -> bool:
    """Production unless the operator says otherwise: the demo and tests are
    the only exceptions (NEWSLINE_DEMO, NEWSLINE_TESTING)."""
    return not (settings.TESTING or os.environ.get("NEWSLINE_DEMO", "").lower() in ("1", "true", "yes", "on"))


def production_problems(environ=None, *, debug=None, secret_key=None) -> list[str]:
    environ = os.environ if environ is None else environ
    debug = settings.DEBUG if debug is None else debug
    secret_key = settings.SECRET_KEY if secret_key is None else secret_key
    problems = []
    if debug:
        problems.append("DEBUG is on: set DEBUG=false (debug pages show settings and source to anyone).")
    if (
        not secret_key
        or secret_key == DEV_SECRET_KEY
        or secret_key.startswith("django-insecure")
        or len(secret_key) < 32
    ):
        problems.append(
            "SECRET_KEY is the development key or too short: set a random value of 50 characters "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not environ.get("SITE_URL", "").strip():
        problems.append(
            "SITE_URL is not set: set the public address, e.g. https://live.example.org (links and feeds use it)."
        )
    return problems


@checks.register(checks.Tags.security, deploy=True)
def check_production(app_configs, **kwargs):
    return [checks.Critical(p, id=f"newsline.E00{i}") for i, p in enumerate(production_problems(), start=1)]
