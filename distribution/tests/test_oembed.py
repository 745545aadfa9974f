"""/oembed?url=: an oEmbed 1.0 provider for blog URLs."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.django_db


def test_it_describes_a_blog_as_a_rich_embed(client, blog, publish):
    post = publish(blog, headline="x")
    for url in ("https://news.example.org/live/storm/", f"https://news.example.org/live/storm/?around={post.pk}#post-{post.pk}"):
        response = client.get(f"/oembed?url={quote(url, safe='')}&format=json")
        assert response.status_code == 200
        data = response.json()
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["title"] == "Storm hits the coast"
        assert data["provider_name"] == "The Example Times"
        assert '<iframe src="https://news.example.org/embed/storm/"' in data["html"]
        assert (data["width"], data["height"]) == (600, 700)
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_respects_maxwidth_and_maxheight(client, blog):
    data = client.get(
        "/oembed", {"url": "https://news.example.org/live/storm/", "maxwidth": "320", "maxheight": "480"}
    ).json()
    assert (data["width"], data["height"]) == (320, 480)
    assert 'width="320" height="480"' in data["html"]


@pytest.mark.parametrize("url", [
    "https://elsewhere.example/live/storm/", "https://news.example.org/live/nope/", "https://news.example.org/topics/x/",
    "javascript:alert(1)", "", "https://news.example.org/live/secret/",
])
def test_it_is_not_found_for_other_urls(client, blog, make_blog, url):
    make_blog("secret", status="draft")
    assert client.get("/oembed", {"url": url}).status_code == 404


def test_it_offers_json_only(client, blog):
    assert client.get("/oembed", {"url": "https://news.example.org/live/storm/", "format": "xml"}).status_code == 501
