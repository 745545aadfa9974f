"""/feed/: the site's live blogs and those ended in the last week."""

from datetime import timedelta

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liveblogs.models import LiveBlog

pytestmark = pytest.mark.django_db


def _parse(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def test_it_lists_live_and_recently_ended_blogs_by_latest_activity(client, make_blog, publish, site_url):
    quiet = make_blog("quiet", headline="Quiet story")
    busy = make_blog("busy", headline="Busy story")
    make_blog("done", headline="Finished story", status="ended")
    publish(busy, headline="News")
    _, feed = _parse(client)
    assert [e.title for e in feed.entries] == ["Busy story", "Finished story", "Quiet story"]
    assert feed.entries[-1].link == f"{site_url}/live/quiet/"
    assert feed.entries[-1].id == quiet.absolute_url
    assert feed.feed.link == f"{site_url}/"


def test_it_leaves_out_drafts_and_blogs_ended_long_ago(client, make_blog):
    make_blog("draft", headline="Unpublished draft", status="draft")
    old = make_blog("old", headline="Old story", status="ended")
    LiveBlog.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=8))
    make_blog("live", headline="Live story")
    _, feed = _parse(client)
    assert [e.title for e in feed.entries] == ["Live story"]


def test_it_dates_each_blog_by_opening_and_last_activity(client, make_blog, publish):
    blog = make_blog("storm", topics=["Weather"])
    publish(blog)
    blog.refresh_from_db()
    _, feed = _parse(client)
    entry = feed.entries[0]
    assert entry.published_parsed[:6] == blog.opened_at.utctimetuple()[:6]
    assert [t.term for t in entry.tags] == ["Live", "Weather"]


def test_it_is_public_and_cacheable(client, make_blog):
    make_blog("storm")
    response, _ = _parse(client)
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies


def test_it_takes_the_same_queries_for_many_blogs_as_for_few(client, make_blog):
    make_blog("first", topics=["Weather"])
    with CaptureQueriesContext(connection) as few:
        _parse(client)
    for i in range(6):
        make_blog(f"more-{i}", topics=["Weather", f"Place {i}"])
    with CaptureQueriesContext(connection) as many:
        _, feed = _parse(client)
    assert len(feed.entries) == 7
    assert len(many) == len(few) <= 2
