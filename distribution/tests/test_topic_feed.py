"""/topics/<slug>/feed/: every live or ended blog in a topic."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def test_it_lists_the_topics_blogs_by_latest_activity(client, make_blog, publish, site_url):
    storm = make_blog("storm", headline="Storm hits the coast", topics=["Weather"])
    make_blog("heat", headline="Heatwave", topics=["Weather"], status="ended")
    make_blog("vote", headline="Election night", topics=["Politics"])
    make_blog("snow", headline="Snow warning draft", topics=["Weather"], status="draft")
    publish(storm)
    response, feed = _parse(client, "/topics/weather/feed/")
    assert [e.title for e in feed.entries] == ["Storm hits the coast", "Heatwave"]
    assert feed.feed.title == "Weather | The Example Times"
    assert feed.feed.link == f"{site_url}/topics/weather/"
    assert response["Cache-Control"] == "public, max-age=60"


def test_it_is_not_found_for_an_unknown_topic_or_one_with_only_drafts(client, make_blog):
    make_blog("snow", headline="Snow warning", topics=["Winter"], status="draft")
    assert client.get("/topics/nope/feed/").status_code == 404
    assert client.get("/topics/winter/feed/").status_code == 404
