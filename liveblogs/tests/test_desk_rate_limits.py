import pytest
from django.core.cache import cache

from conftest import PASSWORD
from liveblogs.views import desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_counters():
    cache.clear()
    yield
    cache.clear()


def test_it_stops_sign_in_after_too_many_failures_even_with_the_right_password(client, editor):
    for _ in range(desk.SIGN_IN_FAILURES_ALLOWED):
        r = client.post("/desk/login/", {"username": "eddie", "password": "wrong"})
        assert r.status_code == 200
    r = client.post("/desk/login/", {"username": "eddie", "password": PASSWORD})
    assert r.status_code == 429
    assert "Too many failed sign-in attempts" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_lets_staff_sign_in_after_a_few_typos(client, editor):
    for _ in range(3):
        client.post("/desk/login/", {"username": "eddie", "password": "wrong"})
    r = client.post("/desk/login/", {"username": "eddie", "password": PASSWORD})
    assert r.status_code == 302


def test_it_limits_desk_writes_per_minute(client, editor, blog, monkeypatch):
    monkeypatch.setattr(desk, "DESK_WRITES_PER_MINUTE", 2)
    client.force_login(editor)
    data = {"kind": "update", "headline": "Flood", "body": "<p>Water.</p>", "label": ""}
    assert client.post("/desk/blogs/storm/", data).status_code == 302
    assert client.post("/desk/blogs/storm/", data).status_code == 302
    r = client.post("/desk/blogs/storm/", data)
    assert r.status_code == 429
    assert "Too many changes" in r.content.decode()
    assert blog.posts.count() == 2
