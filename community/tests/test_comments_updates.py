"""The JSON catch-up of comment events, for pages without the stream."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_returns_the_events_after_a_position_the_same_for_everyone(client, blog, rosa, sam, comment_on):
    comment_on(rosa, "First")
    comment_on(sam, "Second")
    anonymous = client.get(f"/live/{blog.slug}/comments/updates?after=1")
    client.force_login(rosa)
    signed_in = client.get(f"/live/{blog.slug}/comments/updates?after=1")
    assert anonymous.content == signed_in.content and not signed_in.cookies
    data = anonymous.json()
    assert data["head"] == 2 and [e["seq"] for e in data["events"]] == [2]
    assert "Second" in data["events"][0]["comment"]["html"]
    assert anonymous["Cache-Control"].startswith("public")


def test_it_answers_an_unknown_blog_with_404(client):
    assert client.get("/live/no-such-blog/comments/updates?after=0").status_code == 404
