"""The live blog reader page, /live/<slug>/."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liveblogs import actions

pytestmark = pytest.mark.django_db


def _ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article[^>]* id="post-(\d+)"', html)]


def test_it_shows_headline_standfirst_and_live_badge(client, blog):
    html = client.get("/live/storm/").content.decode()
    assert "<h1 class=\"liveblog__headline\">Storm hits the coast</h1>" in html
    assert "Live coverage." in html
    assert "badge--live" in html


def test_it_lists_posts_newest_first(client, blog, publish):
    first = publish(blog, headline="First")
    second = publish(blog, headline="Second")
    assert _ids(client.get("/live/storm/").content.decode()) == [second.pk, first.pk]


def test_it_orders_posts_with_the_same_time_by_id(client, blog, publish):
    when = timezone.now()
    a = publish(blog, headline="A", at=when)
    b = publish(blog, headline="B", at=when)
    assert _ids(client.get("/live/storm/").content.decode()) == [b.pk, a.pk]


def test_it_shows_the_pinned_post_first_and_marked(client, blog, publish):
    pinned = publish(blog, headline="Read this first", is_pinned=True)
    later = publish(blog, headline="Later news")
    html = client.get("/live/storm/").content.decode()
    assert _ids(html) == [pinned.pk, later.pk]
    assert re.search(r'class="post post--pinned[^"]*" id="post-%d"' % pinned.pk, html)
    assert ">Pinned</span>" in html


def test_it_lists_key_events_linking_to_their_posts(client, blog, publish):
    key = publish(blog, headline="Evacuation ordered", is_key_event=True)
    publish(blog, headline="Minor update")
    html = client.get("/live/storm/").content.decode()
    nav = html[html.index('class="key-events"'):html.index("</nav>")]
    assert "Evacuation ordered" in nav
    assert f"#post-{key.pk}" in nav
    assert "Minor update" not in nav


def test_it_shows_label_byline_time_and_permalink(client, blog, publish, editor):
    post = publish(blog, headline="Levels rising", label="breaking")
    html = client.get("/live/storm/").content.decode()
    assert '<span class="label label--breaking">Breaking:</span> Levels rising' in html
    assert "By Eddie Editor" in html
    local = timezone.localtime(post.published_at)
    # to the second: HTML allows at most three digits of a second's fraction
    assert f'<time datetime="{local.replace(microsecond=0).isoformat()}"' in html
    assert f'href="http://testserver/live/storm/?around={post.pk}#post-{post.pk}"' not in html  # never the Host header
    assert f"/live/storm/?around={post.pk}#post-{post.pk}" in html


def test_it_shows_updated_time_after_an_edit(client, blog, publish, editor):
    post = publish(blog, headline="Draft wording")
    actions.edit_post(
        post=post,
        by=editor,
        content=actions.PostContent(headline="Better wording", body=post.body),
        is_key_event=False,
        is_pinned=False,
    )
    html = client.get("/live/storm/").content.decode()
    assert "Better wording" in html
    assert "Updated <time" in html


def test_it_renders_an_article_card(client, blog, publish):
    publish(
        blog,
        headline="",
        body="",
        kind="article",
        article_url="https://example.org/opinion/x",
        article_author="Jo Columnist",
        article_headline="Why the barrier failed",
        article_standfirst="A decade of delay.",
    )
    html = client.get("/live/storm/").content.decode()
    assert "Jo Columnist writes:" in html
    assert '<a href="https://example.org/opinion/x">Why the barrier failed</a>' in html
    assert "A decade of delay." in html


def test_it_shows_quotes_with_attribution(client, blog, publish):
    publish(blog, body="<blockquote><p>We are ready.</p><p>— Ana Silva, mayor</p></blockquote>")
    html = client.get("/live/storm/").content.decode()
    assert '<footer class="quote-attribution">— <cite>Ana Silva, mayor</cite></footer>' in html


def test_it_pages_older_updates_by_cursor(client, blog, publish, settings):
    settings.LIVEBLOG_PAGE_SIZE = 3
    posts = [publish(blog, headline=f"Post {i}") for i in range(7)]
    html = client.get("/live/storm/").content.decode()
    assert _ids(html) == [p.pk for p in posts[6:3:-1]]
    older = re.search(r'href="\?before=([^"]+)" data-older', html).group(1)
    html2 = client.get(f"/live/storm/?before={older}").content.decode()
    assert _ids(html2) == [p.pk for p in posts[3:0:-1]]
    older2 = re.search(r'href="\?before=([^"]+)" data-older', html2).group(1)
    html3 = client.get(f"/live/storm/?before={older2}").content.decode()
    assert _ids(html3) == [posts[0].pk]
    assert "data-older" not in html3
    assert "Show the latest updates" in html3


def test_it_opens_a_permalink_on_the_page_that_holds_the_post(client, blog, publish, settings):
    settings.LIVEBLOG_PAGE_SIZE = 3
    posts = [publish(blog, headline=f"Post {i}") for i in range(8)]
    html = client.get(f"/live/storm/?around={posts[1].pk}").content.decode()
    assert _ids(html)[0] == posts[1].pk


def test_it_costs_the_same_number_of_queries_whatever_the_size(client, blog, publish, settings):
    settings.LIVEBLOG_PAGE_SIZE = 5

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/live/storm/").status_code == 200
        return len(ctx.captured_queries)

    publish(blog, headline="Pinned", is_pinned=True)
    publish(blog, headline="Key", is_key_event=True)
    small = count()
    for i in range(30):
        publish(blog, headline=f"More {i}", is_key_event=i % 3 == 0)
    assert count() == small
    assert small <= 7


def test_it_is_the_same_for_every_reader_and_sets_no_cookie(client, blog, publish, reader):
    publish(blog, headline="Shared")
    anonymous = client.get("/live/storm/")
    client.force_login(reader)
    signed_in = client.get("/live/storm/")
    assert anonymous.content == signed_in.content
    for r in (anonymous, signed_in):
        assert not r.cookies
        assert "Cookie" not in r.headers.get("Vary", "")
        assert "csrfmiddlewaretoken" not in r.content.decode()
        assert r.headers["Cache-Control"].startswith("public, max-age=")


def test_it_answers_304_when_nothing_changed_and_200_after_a_post(client, blog, publish):
    publish(blog, headline="One")
    etag = client.get("/live/storm/").headers["ETag"]
    assert client.get("/live/storm/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(blog, headline="Two")
    assert client.get("/live/storm/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_publishes_json_ld_live_blog_posting(client, blog, publish, settings):
    post = publish(blog, headline="Dam holds", body="<p>Engineers say the dam <b>held</b>.</p>")
    html = client.get("/live/storm/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "LiveBlogPosting"
    assert data["url"] == f"{settings.SITE_URL}/live/storm/"
    assert "coverageStartTime" in data and "coverageEndTime" not in data
    update = data["liveBlogUpdate"][0]
    assert update["headline"] == "Dam holds"
    assert update["articleBody"] == "Engineers say the dam held."
    assert update["url"] == f"{settings.SITE_URL}/live/storm/?around={post.pk}#post-{post.pk}"


def test_it_adds_coverage_end_time_when_ended(client, blog, editor):
    actions.close_blog(blog=blog, by=editor)
    html = client.get("/live/storm/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert "coverageEndTime" in data
    assert "badge--ended" in html


def test_it_keeps_structured_data_from_closing_the_script(client, blog, publish):
    publish(blog, headline="</script><script>alert(1)</script>")
    html = client.get("/live/storm/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["liveBlogUpdate"][0]["headline"].startswith("</script>")


def test_it_uses_site_url_for_canonical_not_the_host_header(client, blog, settings):
    html = client.get("/live/storm/", HTTP_HOST="127.0.0.1").content.decode()
    assert f'<link rel="canonical" href="{settings.SITE_URL}/live/storm/">' in html
    assert f'<meta property="og:url" content="{settings.SITE_URL}/live/storm/">' in html


def test_it_hides_deleted_posts(client, blog, publish, editor):
    post = publish(blog, headline="Mistake")
    actions.delete_post(post=post, by=editor)
    assert "Mistake" not in client.get("/live/storm/").content.decode()


def test_it_is_404_for_a_draft_blog(client, editor):
    actions.create_blog(by=editor, headline="Secret plans", slug="secret")
    assert client.get("/live/secret/").status_code == 404


def test_it_is_404_for_a_permalink_to_another_blogs_post(client, blog, publish, editor):
    other = actions.open_blog(blog=actions.create_blog(by=editor, headline="Other", slug="other"), by=editor)
    post = publish(other, headline="Elsewhere")
    assert client.get(f"/live/storm/?around={post.pk}").status_code == 404


def test_it_ignores_a_malformed_cursor(client, blog, publish):
    publish(blog, headline="Still here")
    assert "Still here" in client.get("/live/storm/?before=nonsense").content.decode()


def test_it_strips_scripts_from_post_bodies(client, blog, publish):
    publish(blog, body='<p>Hello<script>alert(1)</script><img src=x onerror=alert(2)></p>')
    html = client.get("/live/storm/").content.decode()
    assert "alert(" not in html
    assert "<p>Hello</p>" in html
