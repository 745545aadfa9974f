"""Publishing a post with a pasted link (the compose form's "Embed a link")
and what readers receive: a placeholder, never a third-party request."""

import re

import pytest

from liveblogs.models import Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def _publish(client, **fields):
    return client.post(URL, {"kind": "update", "headline": "", "body": "", "label": ""} | fields)


def _third_party(html: str) -> list[str]:
    """Every src= on the page that is not our own."""
    return [s for s in re.findall(r'\ssrc="([^"]+)"', html) if s.startswith(("http:", "https:", "//"))]


def test_it_shows_readers_a_placeholder_that_loads_nothing_by_itself(client, reporter, blog):
    client.force_login(reporter)
    r = _publish(client, headline="The storm from the air", embed_url="https://youtu.be/dQw4w9WgXcQ")
    assert r.status_code == 302
    assert Post.objects.get().embed_url == "https://youtu.be/dQw4w9WgXcQ"
    client.logout()
    html = client.get("/live/storm/").content.decode()
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert "Show it here" in html
    assert '<a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener nofollow">open it on YouTube</a>' in html
    assert "<iframe" not in html
    assert _third_party(html) == []


def test_it_shows_an_unknown_link_as_a_link_card(client, reporter, blog):
    client.force_login(reporter)
    _publish(client, embed_url="https://example.org/flood-map")
    html = client.get("/live/storm/").content.decode()
    assert '<a class="embed__link" href="https://example.org/flood-map" rel="noopener nofollow">' in html
    assert "data-embed-src" not in html


def test_it_refuses_a_link_that_is_not_a_web_address(client, reporter, blog):
    client.force_login(reporter)
    r = _publish(client, headline="Hm", embed_url="javascript:alert(1)")
    assert r.status_code == 400
    assert "starting with http:// or https://" in r.content.decode()
    assert not Post.objects.exists()
