"""/live/<slug>/feed/key-events/: only the posts marked as key events."""

import feedparser
import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db

URL = "/live/storm/feed/key-events/"


def _parse(client):
    response = client.get(URL)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_it_has_only_key_events_newest_first(client, blog, publish, site_url):
    evacuation = publish(blog, headline="Evacuation ordered", is_key_event=True)
    publish(blog, headline="Minor update")
    landfall = publish(blog, headline="Storm makes landfall", is_key_event=True)
    feed = _parse(client)
    assert [e.title for e in feed.entries] == ["Storm makes landfall", "Evacuation ordered"]
    assert [e.link for e in feed.entries] == [landfall.absolute_url, evacuation.absolute_url]
    assert feed.feed.title.startswith("Key events: Storm hits the coast")


def test_it_follows_the_desk_marking_and_unmarking(client, blog, publish, editor):
    post = publish(blog, headline="Bridge closed")
    assert _parse(client).entries == []
    actions.set_key_event(post=post, by=editor, key_event=True)
    assert [e.title for e in _parse(client).entries] == ["Bridge closed"]
    actions.set_key_event(post=post, by=editor, key_event=False)
    assert _parse(client).entries == []


def test_it_leaves_out_deleted_key_events(client, blog, publish, editor):
    post = publish(blog, headline="Wrong", is_key_event=True)
    actions.delete_post(post=post, by=editor)
    assert _parse(client).entries == []


def test_it_is_public_and_not_found_for_a_draft(client, blog, editor):
    assert client.get(URL)["Cache-Control"] == "public, max-age=60"
    actions.create_blog(by=editor, headline="Secret plans", slug="secret")
    assert client.get("/live/secret/feed/key-events/").status_code == 404
