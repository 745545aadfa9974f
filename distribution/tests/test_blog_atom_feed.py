"""/live/<slug>/feed/atom/: the same posts as the RSS feed, as Atom, with
`updated` following edits."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from liveblogs import actions

pytestmark = pytest.mark.django_db

URL = "/live/storm/feed/atom/"


def _parse(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_it_lists_posts_newest_first_with_permalinks_and_unique_ids(client, blog, publish, site_url):
    first = publish(blog, headline="Wind picks up")
    second = publish(blog, headline="Power cut in the harbour")
    feed = _parse(client)
    assert [e.title for e in feed.entries] == ["Power cut in the harbour", "Wind picks up"]
    assert [e.link for e in feed.entries] == [second.absolute_url, first.absolute_url]
    assert second.absolute_url == f"{site_url}/live/storm/?around={second.pk}#post-{second.pk}"
    assert len({e.id for e in feed.entries}) == 2
    assert feed.feed.id == f"{site_url}{URL}"
    assert feed.feed.author == "The Example Times"


def test_it_moves_updated_but_not_published_when_a_post_is_edited(client, blog, publish, editor):
    post = publish(blog, headline="Draft wording", at=timezone.now() - timedelta(minutes=30))
    before = _parse(client).entries[0]
    assert before.updated_parsed == before.published_parsed

    edited = actions.edit_post(
        post=post, by=editor, content=actions.PostContent(headline="Better wording", body=post.body),
        is_key_event=False, is_pinned=False,
    )
    after = _parse(client).entries[0]
    assert after.title == "Better wording"
    assert after.published_parsed == before.published_parsed
    assert after.updated_parsed[:6] == edited.edited_at.utctimetuple()[:6]
    assert after.updated_parsed > before.updated_parsed
    assert after.id == before.id


def test_it_carries_the_body_as_html_content(client, blog, publish):
    publish(blog, headline="Levels rising", body="<p>The river is <strong>up</strong> a metre.</p>")
    entry = _parse(client).entries[0]
    assert entry.content[0].type == "text/html"
    assert entry.content[0].value == "<p>The river is <strong>up</strong> a metre.</p>"


def test_it_shows_an_article_card_as_a_link(client, blog, publish):
    publish(
        blog, headline="", body="", kind="article", article_url="https://example.org/guide",
        article_headline="What to do in a flood", article_author="Ann Writer",
    )
    entry = _parse(client).entries[0]
    assert entry.title == "What to do in a flood"
    assert '<a href="https://example.org/guide">What to do in a flood</a> by Ann Writer' in entry.content[0].value


def test_it_gives_each_byline_and_label(client, blog, publish, editor, other_reporter):
    publish(blog, headline="Levels rising", label="breaking", is_key_event=True, authors=[editor, other_reporter])
    entry = _parse(client).entries[0]
    assert entry.author == "Eddie Editor, Rafe Reporter"
    assert [t.term for t in entry.tags] == ["Breaking", "Key event"]


def test_it_is_public_and_cacheable(client, blog, publish):
    publish(blog)
    response = client.get(URL)
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies


def test_it_is_not_found_for_a_draft(client, editor):
    actions.create_blog(by=editor, headline="Secret plans", slug="secret")
    assert client.get("/live/secret/feed/atom/").status_code == 404
