"""Structured data beside the LiveBlogPosting: a NewsArticle on a post's
permalink page and a BreadcrumbList on every blog page, read with a real
JSON-LD processor; oEmbed discovery in the head."""

import pytest
from lxml import html as lxml_html

from distribution.tests.validators import SCHEMA, expand_jsonld
from liveblogs import actions

pytestmark = pytest.mark.django_db


def _nodes(client, url):
    page = client.get(url).content.decode()
    head = lxml_html.fromstring(page)
    scripts = head.xpath('//head/script[@type="application/ld+json"]/text()')
    return head, [node for s in scripts for node in expand_jsonld(s)]


def _of_type(nodes, name):
    return [n for n in nodes if SCHEMA + name in n.get("@type", [])]


def _one(node, prop):
    (value,) = node[SCHEMA + prop]
    return value.get("@value", value.get("@id"))


def test_it_describes_a_shared_post_as_a_news_article(client, blog, publish, site_url):
    older = publish(blog, headline="Earlier")
    post = publish(blog, headline="Ferries cancelled", body="<p>All sailings are off.</p>")
    _, nodes = _nodes(client, f"/live/storm/?around={post.pk}")
    (article,) = _of_type(nodes, "NewsArticle")
    assert _one(article, "headline") == "Ferries cancelled"
    assert _one(article, "url") == f"{site_url}/live/storm/?around={post.pk}#post-{post.pk}"
    assert _one(article, "articleBody") == "All sailings are off."
    assert _one(article, "datePublished")
    (part_of,) = article[SCHEMA + "isPartOf"]
    assert _one(part_of, "url") == f"{site_url}/live/storm/"
    (author,) = article[SCHEMA + "author"]
    assert _one(author, "name") == "Eddie Editor"
    assert _of_type(nodes, "LiveBlogPosting")
    _, nodes = _nodes(client, f"/live/storm/?around={older.pk}")
    assert _one(_of_type(nodes, "NewsArticle")[0], "headline") == "Earlier"


def test_it_has_no_news_article_on_the_blog_page_itself(client, blog, publish):
    publish(blog, headline="One")
    _, nodes = _nodes(client, "/live/storm/")
    assert not _of_type(nodes, "NewsArticle")


def test_it_has_breadcrumbs_home_topic_blog(client, blog, editor, site_url):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=["Weather"])
    _, nodes = _nodes(client, "/live/storm/")
    (crumbs,) = _of_type(nodes, "BreadcrumbList")
    items = sorted(crumbs[SCHEMA + "itemListElement"], key=lambda i: _one(i, "position"))
    assert [(_one(i, "name"), _one(i, "item")) for i in items] == [
        ("The Example Times", f"{site_url}/"),
        ("Weather", f"{site_url}/topics/weather/"),
        ("Storm hits the coast", f"{site_url}/live/storm/"),
    ]


def test_it_advertises_oembed(client, blog, site_url):
    head, _ = _nodes(client, "/live/storm/")
    (href,) = head.xpath('//head/link[@type="application/json+oembed"]/@href')
    assert href == f"{site_url}/oembed?url=https%3A%2F%2Fnews.example.org%2Flive%2Fstorm%2F&format=json"


def test_it_stays_the_same_for_every_reader(client, blog, publish, reader):
    post = publish(blog, headline="Shared")
    anonymous = client.get(f"/live/storm/?around={post.pk}").content
    client.force_login(reader)
    assert client.get(f"/live/storm/?around={post.pk}").content == anonymous
