import pytest
from django.core.cache import cache

from liveblogs.views.desk import common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_counters():
    cache.clear()
    yield
    cache.clear()


# Sign-in failures are limited by allauth (accounts/tests/test_sign_in.py).


def test_it_limits_desk_writes_per_minute(client, editor, blog, monkeypatch):
    monkeypatch.setattr(common, "DESK_WRITES_PER_MINUTE", 2)
    client.force_login(editor)
    data = {"kind": "update", "headline": "Flood", "body": "<p>Water.</p>", "label": ""}
    assert client.post("/desk/blogs/storm/", data).status_code == 302
    assert client.post("/desk/blogs/storm/", data).status_code == 302
    r = client.post("/desk/blogs/storm/", data)
    assert r.status_code == 429
    assert "Too many changes" in r.content.decode()
    assert blog.posts.count() == 2
