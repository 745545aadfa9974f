"""Under ASGI every middleware in settings.MIDDLEWARE runs async: Django makes
no async_to_sync hop between the server and the view. Such a hop (around our
once sync-only middlewares) held a stopping server for ever
(realtime/tests/test_stop_with_request_in_flight.py); the async paths of our
own middlewares are tested here through Django's async client, the sync paths
by the rest of the suite's test client."""

import logging

import pytest
from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIHandler

from accounts.middleware import HINT_COOKIE
from accounts.tests.test_staff_two_factor import enrol, totp_code
from liveblogs import actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_off_the_event_loop(monkeypatch):
    # The browser tests allow the ORM on an event loop (conftest.py); here a
    # query made on the loop instead of through sync_to_async must fail.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def test_it_builds_the_asgi_chain_without_adapting_any_middleware(settings, caplog):
    settings.DEBUG = True  # Django logs each adaptation only in debug
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        ASGIHandler()
    adapted = [r.getMessage() for r in caplog.records if "adapted for middleware" in r.getMessage()]
    assert adapted == []


def test_it_redirects_an_old_blog_address_on_the_async_path(async_client, editor, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm-ciara")
    r = async_to_sync(async_client.get)("/live/storm/updates?after=3")
    assert (r.status_code, r.url) == (301, "/live/storm-ciara/updates?after=3")
    assert r["Cache-Control"] == "public, max-age=60"
    assert not r.cookies
    assert async_to_sync(async_client.get)("/live/never-was/").status_code == 404


def test_it_sets_and_clears_the_signed_in_hint_on_the_async_path(async_client, reader, blog):
    async_to_sync(async_client.aforce_login)(reader)
    r = async_to_sync(async_client.get)("/me")
    assert r.json()["authenticated"] is True
    assert r.cookies[HINT_COOKIE].value == "1"
    assert not async_to_sync(async_client.get)("/live/storm/").cookies  # never on a public page
    async_to_sync(async_client.alogout)()
    async_client.cookies[HINT_COOKIE] = "1"
    r = async_to_sync(async_client.get)("/me")
    assert r.cookies[HINT_COOKIE].value == ""


def test_it_holds_staff_at_two_factor_on_the_async_path(async_client, editor, settings):
    settings.STAFF_REQUIRE_2FA = True
    async_to_sync(async_client.aforce_login)(editor)
    r = async_to_sync(async_client.get)("/desk/")
    assert (r.status_code, r.url) == (302, "/accounts/2fa/totp/activate/?next=%2Fdesk%2F")

    secret = enrol(editor)
    r = async_to_sync(async_client.get)("/desk/")
    assert r.url == "/accounts/2fa/reauthenticate/?next=%2Fdesk%2F"
    r = async_to_sync(async_client.post)(r.url, {"code": totp_code(secret)})
    assert (r.status_code, r.url) == (302, "/desk/")
    assert async_to_sync(async_client.get)("/desk/").status_code == 200


def test_it_renders_a_persons_page_in_their_language_on_the_async_path(async_client, reader):
    reader.language = "ar"
    reader.save(update_fields=["language"])
    async_to_sync(async_client.aforce_login)(reader)
    r = async_to_sync(async_client.get)("/accounts/profile/", headers={"accept-language": "de"})
    assert r["Content-Language"] == "ar"
    assert "Accept-Language" in r["Vary"]
    assert '<html lang="ar" dir="rtl"' in r.content.decode()
    page = async_to_sync(async_client.get)("/", headers={"accept-language": "de"})
    assert '<html lang="en-gb" dir="ltr"' in page.content.decode()  # the same for everyone
