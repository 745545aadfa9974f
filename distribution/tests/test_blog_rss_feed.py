"""/live/<slug>/feed/rss/: every visible post of a blog, newest first."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liveblogs import actions

pytestmark = pytest.mark.django_db

URL = "/live/storm/feed/rss/"


def _parse(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return response, feed


def test_it_lists_visible_posts_newest_first_with_their_permalinks(client, blog, publish, site_url):
    first = publish(blog, headline="Wind picks up")
    second = publish(blog, headline="Power cut in the harbour")
    _, feed = _parse(client)
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Power cut in the harbour", "Wind picks up"]
    assert [e.link for e in feed.entries] == [
        f"{site_url}/live/storm/?around={second.pk}#post-{second.pk}",
        f"{site_url}/live/storm/?around={first.pk}#post-{first.pk}",
    ]
    assert feed.entries[0].id == feed.entries[0].link
    assert feed.feed.title == "Storm hits the coast | The Example Times"
    assert feed.feed.link == f"{site_url}/live/storm/"


def test_it_gives_the_time_body_and_byline_of_each_post(client, blog, publish):
    post = publish(blog, headline="Levels rising", body="<p>The river is <strong>up</strong> a metre.</p>")
    _, feed = _parse(client)
    entry = feed.entries[0]
    assert entry.published_parsed[:6] == post.published_at.utctimetuple()[:6]
    assert "<strong>up</strong> a metre" in entry.summary
    assert entry.author == "Eddie Editor"


def test_it_titles_a_post_without_a_headline_by_its_card_or_its_text(client, blog, publish):
    publish(blog, headline="", body="<p>Ferries are cancelled until further notice, the port says.</p>")
    publish(
        blog,
        headline="",
        body="",
        kind="article",
        article_url="https://example.org/a",
        article_headline="What to do in a flood",
    )
    _, feed = _parse(client)
    assert [e.title for e in feed.entries] == [
        "What to do in a flood",
        "Ferries are cancelled until further notice, the port says.",
    ]


def test_it_keeps_ampersands_and_quotes_as_text(client, blog, publish):
    publish(blog, headline='Roads & rail "closed"')
    _, feed = _parse(client)
    assert feed.entries[0].title == 'Roads & rail "closed"'


def test_it_leaves_out_deleted_posts(client, blog, publish, editor):
    kept = publish(blog, headline="Kept")
    gone = publish(blog, headline="Gone")
    actions.delete_post(post=gone, by=editor)
    _, feed = _parse(client)
    assert [e.title for e in feed.entries] == [kept.title]


def test_it_has_the_newest_fifty_posts(client, blog, publish):
    posts = [publish(blog, headline=f"Update {i}") for i in range(52)]
    _, feed = _parse(client)
    assert len(feed.entries) == 50
    assert feed.entries[0].title == posts[-1].title
    assert feed.entries[-1].title == posts[2].title


def test_it_takes_the_same_queries_for_many_posts_as_for_few(client, blog, publish, other_reporter, editor):
    publish(blog, headline="One")
    with CaptureQueriesContext(connection) as few:
        _parse(client)
    for i in range(8):
        publish(blog, headline=f"More {i}", authors=[editor, other_reporter])
    with CaptureQueriesContext(connection) as many:
        _, feed = _parse(client)
    assert len(many) == len(few) <= 3
    assert feed.entries[0].author == "Eddie Editor, Rafe Reporter"


def test_it_is_public_and_cacheable_and_sets_no_cookie(client, blog, publish, reader):
    publish(blog)
    client.force_login(reader)  # even for a signed-in reader
    response, _ = _parse(client)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Content-Type"].startswith("application/rss+xml")
    assert not response.cookies


def test_it_takes_urls_from_site_url_not_the_host_header(client, blog, publish, site_url):
    publish(blog)
    response = client.get(URL, HTTP_HOST="localhost")
    assert b"localhost" not in response.content
    assert f'<atom:link href="{site_url}/live/storm/feed/rss/" rel="self"' in response.content.decode()


def test_it_is_not_found_for_a_draft_or_unknown_blog(client, editor):
    actions.create_blog(by=editor, headline="Secret plans", slug="secret")
    assert client.get("/live/secret/feed/rss/").status_code == 404
    assert client.get("/live/nope/feed/rss/").status_code == 404


def test_it_stays_up_after_the_blog_ends(client, blog, publish, editor):
    publish(blog, headline="Last word")
    actions.close_blog(blog=blog, by=editor)
    _, feed = _parse(client)
    assert feed.entries[0].title == "Last word"
