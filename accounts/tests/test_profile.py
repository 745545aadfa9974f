import pytest
from django.core.cache import cache

from accounts.views import personal as views

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_sign_in(client):
    r = client.get("/accounts/profile/")
    assert r.status_code == 302
    assert "/login/" in r.url


def test_it_shows_the_current_name_and_bio(client, reader):
    reader.bio = "Weather watcher."
    reader.save()
    client.force_login(reader)
    html = client.get("/accounts/profile/").content.decode()
    assert 'value="Rosa Reader"' in html
    assert "Weather watcher." in html
    assert '<label for="id_display_name">Display name</label>' in html


def test_it_saves_a_new_name_and_bio(client, reader):
    client.force_login(reader)
    r = client.post("/accounts/profile/", {"display_name": "  Rosa   Storm ", "bio": "Line one\r\nline two\x07"})
    assert r.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Rosa Storm"
    assert reader.bio == "Line one\nline two"
    assert "Your profile is saved." in client.get("/accounts/profile/").content.decode()


def test_it_keeps_the_own_name_when_only_the_bio_changes(client, reader):
    client.force_login(reader)
    assert client.post("/accounts/profile/", {"display_name": "rosa reader", "bio": "Hi"}).status_code == 302


def test_it_refuses_a_name_someone_else_has_and_keeps_what_was_typed(client, reader, stranger):
    client.force_login(stranger)
    r = client.post("/accounts/profile/", {"display_name": "R0sa Reader", "bio": "My bio"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "That display name is taken" in html
    assert "My bio" in html
    stranger.refresh_from_db()
    assert stranger.display_name == "Sam Stranger"


def test_it_refuses_a_staff_name(client, reporter, reader):
    client.force_login(reader)
    r = client.post("/accounts/profile/", {"display_name": "Rita Rep0rter", "bio": ""})
    assert "That name is reserved" in r.content.decode()


def test_it_refuses_a_too_long_bio(client, reader):
    client.force_login(reader)
    r = client.post("/accounts/profile/", {"display_name": "Rosa Reader", "bio": "x" * 281})
    assert "at most 280 characters" in r.content.decode()


def test_it_limits_changes_per_hour(client, reader, monkeypatch):
    monkeypatch.setattr(views, "PROFILE_WRITES_PER_HOUR", 1)
    cache.clear()
    client.force_login(reader)
    assert client.post("/accounts/profile/", {"display_name": "Rosa One", "bio": ""}).status_code == 302
    r = client.post("/accounts/profile/", {"display_name": "Rosa Two", "bio": ""})
    assert r.status_code == 429
    assert "Too many changes" in r.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Rosa One"
