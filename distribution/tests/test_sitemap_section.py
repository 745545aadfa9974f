"""/sitemap-blogs.xml and /sitemap-topics.xml."""

from datetime import datetime

import pytest

from distribution.tests.validators import NS, valid_xml
from liveblogs import actions

pytestmark = pytest.mark.django_db


def _urls(client, section) -> dict[str, datetime]:
    response = client.get(f"/sitemap-{section}.xml", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    doc = valid_xml(response.content, "sitemap.xsd")
    return {
        url.findtext("sm:loc", namespaces=NS): datetime.fromisoformat(url.findtext("sm:lastmod", namespaces=NS))
        for url in doc.xpath("/sm:urlset/sm:url", namespaces=NS)
    }


def test_it_lists_live_and_ended_blogs_at_site_url_but_no_drafts(client, make_blog, site_url):
    make_blog("storm")
    make_blog("done", status="ended")
    make_blog("secret", status="draft")
    assert set(_urls(client, "blogs")) == {f"{site_url}/live/storm/", f"{site_url}/live/done/"}


def test_it_dates_a_blog_by_its_last_event(client, make_blog, publish, editor, site_url):
    blog = make_blog("storm")
    before = _urls(client, "blogs")[f"{site_url}/live/storm/"]
    post = publish(blog)
    actions.edit_post(
        post=post,
        by=editor,
        content=actions.PostContent(headline="Changed", body=post.body),
        is_key_event=False,
        is_pinned=False,
    )
    blog.refresh_from_db()
    after = _urls(client, "blogs")[f"{site_url}/live/storm/"]
    assert after == blog.last_activity_at > before


def test_it_lists_topics_with_public_blogs_dated_by_their_latest(client, make_blog, publish, site_url):
    make_blog("storm", topics=["Weather"])
    vote = make_blog("vote", topics=["Politics", "Weather"])
    make_blog("snow", topics=["Winter"], status="draft")
    publish(vote)
    vote.refresh_from_db()
    assert _urls(client, "topics") == {
        f"{site_url}/topics/politics/": vote.last_activity_at,
        f"{site_url}/topics/weather/": vote.last_activity_at,
    }


def test_it_is_not_found_for_an_unknown_section(client):
    assert client.get("/sitemap-nope.xml").status_code == 404
