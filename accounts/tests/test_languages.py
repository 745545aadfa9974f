"""Account pages in the person's language (docs/i18n.md): the profile in
Arabic for a reader who chose Arabic, sign-in in German for a browser that
asks for German, and a validation message in Ukrainian with its plural."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_profile_page_in_the_readers_language(client, reader):
    reader.language = "ar"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    html = client.get("/accounts/profile/").content.decode()
    assert "تسجيل الخروج" in html  # Sign out, in the account menu
    assert '<label for="id_display_name">الاسم المعروض</label>' in html
    assert 'aria-label="حسابك"' in html


def test_it_shows_sign_in_in_the_browsers_language(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert "Benutzername oder E-Mail-Adresse" in html
    assert "Auf diesem Gerät angemeldet bleiben" in html


def test_it_refuses_a_short_display_name_in_the_readers_language(client, reader):
    reader.language = "uk"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    html = client.post("/accounts/profile/", {"display_name": "R", "bio": ""}).content.decode()
    assert "Використайте щонайменше 3 символи." in html  # names.MIN_LENGTH: 3 takes the "few" form
