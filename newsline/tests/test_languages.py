"""Which language a page is in: the person's on their own pages, the
site's or the blog's on pages that are the same for everyone."""

import pytest
from django.utils import translation

from newsline.lib.languages import direction, supported
from newsline.views import javascript_catalog_url

pytestmark = pytest.mark.django_db


def test_it_follows_the_browser_on_account_pages(client):
    r = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert r["Content-Language"] == "de"
    assert "Accept-Language" in r["Vary"]
    assert '<html lang="de" dir="ltr"' in r.content.decode()


def test_it_follows_the_persons_setting_over_the_browser(client, reader):
    reader.language = "ar"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    r = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="de")
    assert r["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl"' in r.content.decode()


def test_it_gives_everyone_the_same_reader_page_whatever_their_browser_asks(client):
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    arabic = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert german.content == arabic.content
    assert "Accept-Language" not in german.get("Vary", "")
    assert '<html lang="en-gb" dir="ltr"' in german.content.decode()


def test_it_saves_a_persons_language_and_answers_in_it(client, reader):
    client.force_login(reader)
    r = client.post("/accounts/language/", {"language": "uk", "next": "/accounts/profile/"})
    assert r.status_code == 302 and r.url == "/accounts/profile/"
    reader.refresh_from_db()
    assert reader.language == "uk"
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="uk"' in page
    with translation.override("uk"):
        assert translation.gettext("Your language is saved.") in page


def test_it_refuses_a_language_the_site_does_not_have(client, reader):
    client.force_login(reader)
    client.post("/accounts/language/", {"language": "xx"})
    reader.refresh_from_db()
    assert reader.language == ""


def test_it_goes_back_to_the_browsers_language_when_the_setting_is_cleared(client, reader):
    reader.language = "de"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    client.post("/accounts/language/", {"language": ""})
    reader.refresh_from_db()
    assert reader.language == ""
    assert client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="uk")["Content-Language"] == "uk"


def test_it_never_sends_a_person_elsewhere_after_saving(client, reader):
    client.force_login(reader)
    r = client.post("/accounts/language/", {"language": "de", "next": "https://evil.example/"})
    assert r.url == "/accounts/profile/"


def test_it_serves_the_browser_catalogue_cacheably_per_language(client):
    url = javascript_catalog_url("ar")
    r = client.get(url, HTTP_ACCEPT_LANGUAGE="de")
    assert r.status_code == 200
    assert r["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Set-Cookie" not in r
    # Arabic's formats, not the browser's language (German: "j. F Y").
    assert r'"DATE_FORMAT": "j F\u060c Y"' in r.content.decode()
    old = client.get("/jsi18n/ar.000000000000.js")
    assert old.status_code == 302 and old.url == url
    assert client.get("/jsi18n/xx.000000000000.js").status_code == 404


def test_it_knows_which_languages_run_right_to_left():
    assert direction("ar") == "rtl"
    assert direction("uk") == "ltr"
    assert supported("de-AT") == "de"
    assert supported("xx") == "en-gb"
