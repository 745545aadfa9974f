"""A blog's language travels with it: feeds, the news sitemap, the embed
and a post's structured data (docs/i18n.md)."""

import json
import re

import feedparser
import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_blog(blog, editor, publish):
    actions.update_blog(blog=blog, by=editor, headline="Sturm an der Küste", standfirst="", topics=[], language="de")
    blog.refresh_from_db()
    publish(blog, headline="Bahnstrecke gesperrt", body="<p>Zwischen Husum und Niebüll fahren keine Züge.</p>")
    return blog


def test_it_names_the_blogs_language_in_its_rss_and_atom_feeds(client, german_blog):
    for kind in ("rss", "atom"):
        r = client.get(f"/live/storm/feed/{kind}/", HTTP_ACCEPT_LANGUAGE="uk")
        feed = feedparser.parse(r.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.feed.language == "de"
        assert feed.entries[0].title == "Bahnstrecke gesperrt"


def test_it_names_the_blogs_language_in_the_news_sitemap(client, german_blog):
    xml = client.get("/sitemap-news.xml").content.decode()
    assert "<news:language>de</news:language>" in xml


def test_it_shows_the_embed_in_the_blogs_language(client, german_blog):
    html = client.get("/embed/storm/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="de" dir="ltr"' in html


def test_it_puts_the_language_in_a_posts_structured_data(client, german_blog):
    post = german_blog.posts.get()
    html = client.get(f"/live/storm/?around={post.pk}").content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    languages = {b.get("@type"): b.get("inLanguage") for b in blocks}
    assert languages.get("NewsArticle") == "de"
    assert languages.get("LiveBlogPosting") == "de"
