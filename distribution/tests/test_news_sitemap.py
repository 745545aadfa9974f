"""/sitemap-news.xml: a Google News sitemap of blogs active in the last two days."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from distribution.tests.validators import NEWS_NS, NS, valid_xml
from liveblogs.models import LiveBlog

pytestmark = pytest.mark.django_db


def _get(client):
    response = client.get("/sitemap-news.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    # Valid against the sitemap schema with the news extension declared.
    return valid_xml(response.content, "sitemap-with-news.xsd")


def test_it_gives_each_recent_blog_its_news_data(client, make_blog, site_url):
    blog = make_blog("storm", headline="Storm & floods")
    doc = _get(client)
    assert doc.nsmap["news"] == NEWS_NS
    (url,) = doc.xpath("/sm:urlset/sm:url", namespaces=NS)
    assert url.findtext("sm:loc", namespaces=NS) == f"{site_url}/live/storm/"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "The Example Times"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert url.findtext("news:news/news:title", namespaces=NS) == "Storm & floods"
    published = url.findtext("news:news/news:publication_date", namespaces=NS)
    assert datetime.fromisoformat(published) == blog.opened_at


def test_it_has_only_public_blogs_active_in_the_last_two_days(client, make_blog, site_url):
    make_blog("storm")
    make_blog("done", status="ended")
    make_blog("secret", status="draft")
    old = make_blog("old")
    LiveBlog.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=2, minutes=1))
    locs = _get(client).xpath("/sm:urlset/sm:url/sm:loc/text()", namespaces=NS)
    assert sorted(locs) == [f"{site_url}/live/done/", f"{site_url}/live/storm/"]


def test_it_is_public_and_cacheable(client, make_blog):
    make_blog("storm")
    response = client.get("/sitemap-news.xml")
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies
