"""The blog page's JSON-LD, read the way a search engine reads it: pulled out
of the HTML and expanded by a JSON-LD processor."""

import re
from datetime import datetime, timedelta

import pytest
from lxml import html as lxml_html

from distribution.tests.validators import SCHEMA, expand_jsonld
from liveblogs import actions

pytestmark = pytest.mark.django_db


def _structured_data(client, url="/live/storm/"):
    page = client.get(url).content.decode()
    scripts = lxml_html.fromstring(page).xpath('//head/script[@type="application/ld+json"]/text()')
    # The LiveBlogPosting, and beside it the BreadcrumbList (test_post_structured_data.py).
    assert scripts
    return page, [node for script in scripts for node in expand_jsonld(script)]


def _one(node: dict, prop: str):
    (value,) = node[SCHEMA + prop]
    return value.get("@value", value.get("@id"))


def _live_blog(expanded: list[dict]) -> dict:
    (node,) = [n for n in expanded if SCHEMA + "LiveBlogPosting" in n.get("@type", [])]
    return node


def test_it_has_a_live_blog_posting_with_one_update_per_post_on_the_page(client, blog, publish, settings, site_url):
    settings.LIVEBLOG_PAGE_SIZE = 3
    pinned = publish(blog, headline="Read this first", is_pinned=True)
    posts = [publish(blog, headline=f"Update {i}") for i in range(5)]
    page, expanded = _structured_data(client)
    node = _live_blog(expanded)
    assert _one(node, "headline") == "Storm hits the coast"
    assert _one(node, "url") == f"{site_url}/live/storm/"

    on_page = [int(i) for i in re.findall(r'<article[^>]* id="post-(\d+)"', page)]
    assert on_page == [pinned.pk] + [p.pk for p in reversed(posts)][:3]
    updates = node[SCHEMA + "liveBlogUpdate"]
    assert len(updates) == len(on_page)
    by_url = {_one(u, "url"): u for u in updates}
    for pk in on_page:
        update = by_url[f"{site_url}/live/storm/?around={pk}#post-{pk}"]
        assert SCHEMA + "BlogPosting" in update["@type"]
        assert _one(update, "headline")
        assert _one(update, "datePublished")


def test_it_gives_each_update_its_headline_time_and_changes(client, blog, publish, editor):
    post = publish(blog, headline="Draft wording")
    edited = actions.edit_post(
        post=post, by=editor, content=actions.PostContent(headline="Better wording", body=post.body),
        is_key_event=False, is_pinned=False,
    )
    (update,) = _live_blog(_structured_data(client)[1])[SCHEMA + "liveBlogUpdate"]
    assert _one(update, "headline") == "Better wording"
    # DjangoJSONEncoder writes times to the millisecond.
    assert abs(datetime.fromisoformat(_one(update, "datePublished")) - edited.published_at) < timedelta(milliseconds=1)
    assert abs(datetime.fromisoformat(_one(update, "dateModified")) - edited.edited_at) < timedelta(milliseconds=1)


def test_it_names_a_headline_for_an_update_without_one(client, blog, publish):
    publish(blog, headline="", body="<p>Ferries are cancelled until further notice.</p>")
    (update,) = _live_blog(_structured_data(client)[1])[SCHEMA + "liveBlogUpdate"]
    assert _one(update, "headline") == "Ferries are cancelled until further notice."
