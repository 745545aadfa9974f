"""/sitemap.xml: the index of the blog and topic sitemaps."""

from datetime import datetime

import pytest

from distribution.tests.validators import NS, valid_xml

pytestmark = pytest.mark.django_db


def test_it_is_a_valid_index_of_both_sitemaps_at_site_url(client, make_blog, site_url):
    make_blog("storm", topics=["Weather"])
    response = client.get("/sitemap.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    doc = valid_xml(response.content, "siteindex.xsd")
    assert doc.xpath("/sm:sitemapindex/sm:sitemap/sm:loc/text()", namespaces=NS) == [
        f"{site_url}/sitemap-blogs.xml",
        f"{site_url}/sitemap-topics.xml",
    ]


def test_it_gives_each_sitemap_its_latest_change(client, make_blog, publish):
    blog = make_blog("storm", topics=["Weather"])
    make_blog("other")
    publish(blog)
    blog.refresh_from_db()
    doc = valid_xml(client.get("/sitemap.xml").content, "siteindex.xsd")
    lastmods = doc.xpath("/sm:sitemapindex/sm:sitemap/sm:lastmod/text()", namespaces=NS)
    assert [datetime.fromisoformat(t) for t in lastmods] == [blog.last_activity_at] * 2


def test_it_is_public_and_cacheable(client, make_blog):
    make_blog("storm")
    response = client.get("/sitemap.xml")
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies
