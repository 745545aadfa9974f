"""Feed autodiscovery: <link rel="alternate"> in the head of reader pages,
pointing (through SITE_URL) at feeds that parse."""

from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.django_db


def _alternates(client, url) -> list[tuple[str, str]]:
    page = lxml_html.fromstring(client.get(url).content)
    # Feeds only: the oEmbed discovery link is checked in test_post_structured_data.py.
    links = page.xpath('//head/link[@rel="alternate"]')
    return [(link.get("type"), link.get("href")) for link in links if "oembed" not in link.get("type", "")]


def _assert_feeds_parse(client, alternates):
    for _, href in alternates:
        response = client.get(urlsplit(href).path)
        assert response.status_code == 200, href
        assert feedparser.parse(response.content).bozo == 0, href


def test_it_offers_the_blogs_feeds_first_on_a_blog_page(client, blog, publish, site_url):
    publish(blog)
    alternates = _alternates(client, "/live/storm/")
    assert alternates == [
        ("application/atom+xml", f"{site_url}/live/storm/feed/atom/"),
        ("application/rss+xml", f"{site_url}/live/storm/feed/rss/"),
        ("application/rss+xml", f"{site_url}/live/storm/feed/key-events/"),
        ("application/rss+xml", f"{site_url}/feed/"),
    ]
    _assert_feeds_parse(client, alternates)


def test_it_offers_the_site_feed_on_the_front_page(client, blog, site_url):
    alternates = _alternates(client, "/")
    assert alternates == [("application/rss+xml", f"{site_url}/feed/")]
    _assert_feeds_parse(client, alternates)
