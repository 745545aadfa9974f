"""Browser tests: Playwright for Python driving Debian's Chromium. The
`browser` and `new_page` fixtures live in the root conftest.py, so the whole
session shares one Playwright (its sync API keeps an event loop running in
the main thread, and a second one cannot start beside it)."""

import dataclasses
import fcntl
import io
import json
import os

import pytest


@pytest.fixture(scope="session")
def page_visits(django_db_setup, django_db_blocker, tmp_path_factory, request):
    """Every page of tests/browser/pages.py visited once for both checkers
    (test_html_validity.py, test_accessibility.py), once per run: under
    pytest-xdist the first process to get here walks and leaves the result
    for the other (the checkers need only the documents and axe's findings),
    so the two tests cost one walk wherever xdist sends them."""
    from tests.browser.pages import Page, Visit

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # the same in every process of one run
    if run is None:
        return _walk_the_pages(request, django_db_blocker, tmp_path_factory)
    shared = tmp_path_factory.getbasetemp().parent  # every process's base folder is inside it
    saved = shared / f"page-visits-{run}.json"
    with open(shared / f"page-visits-{run}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other process waits here while the first walks
        if saved.exists():
            return [Visit(**{**v, "page": Page(**v["page"])}) for v in json.loads(saved.read_text())]
        visits = _walk_the_pages(request, django_db_blocker, tmp_path_factory)
        saved.write_text(json.dumps([dataclasses.asdict(v) for v in visits]))
        return visits


def _walk_the_pages(request, django_db_blocker, tmp_path_factory):
    """The demo newsroom loaded into this process's test database, a server
    of its own with staff two-factor on, every page visited, and the rows
    flushed after (as `transactional_db` does), so the tests after it start
    empty."""
    from django.core.management import call_command
    from django.test import override_settings

    from pushalerts import vapid
    from tests.browser.pages import demo_places, walk
    from tests.server import Server

    browser = request.getfixturevalue("browser")  # skips (or fails under CI=true) without Chromium
    tmp = tmp_path_factory.mktemp("pages")
    with django_db_blocker.unblock():
        try:
            with override_settings(MEDIA_ROOT=tmp / "media"):  # where the server looks for the demo's pictures
                call_command("load_demo", stdout=io.StringIO())
            # Mail (two-factor's "turned on" notice) to files: the walk's server has no SMTP to talk to.
            # Push alerts on (a key pair of the walk's own), so reader pages show "Get alerts".
            keys = vapid.generate()
            server = Server(tmp, extra_env={
                "STAFF_REQUIRE_2FA": "1", "EMAIL_BACKEND": "file", "EMAIL_FILE_PATH": str(tmp / "mail"),
                "WEBPUSH_VAPID_PUBLIC_KEY": keys.public, "WEBPUSH_VAPID_PRIVATE_KEY": keys.private,
            })
            try:
                visits = walk(browser, server, demo_places())
            finally:
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)
    return visits
