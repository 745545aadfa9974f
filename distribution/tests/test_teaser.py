"""The teaser for other pages: /live/<slug>/teaser (HTML) and .json, the
latest N updates, public and cacheable like /updates, open to any origin."""

import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_lists_the_latest_updates_as_json_for_any_origin(client, blog, publish, settings):
    for n in range(7):
        publish(blog, headline=f"Update {n}")
    r = client.get("/live/storm/teaser.json", HTTP_ORIGIN="https://front.example")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert r["Access-Control-Allow-Origin"] == "*"
    assert r["Cache-Control"].startswith("public, max-age=")
    assert not r.cookies
    data = r.json()
    assert [p["title"] for p in data["posts"]] == ["Update 6", "Update 5", "Update 4", "Update 3", "Update 2"]
    first = data["posts"][0]
    assert first["url"] == f"{settings.SITE_URL}/live/storm/?around={first['id']}#post-{first['id']}"
    assert data["blog"]["headline"] == "Storm hits the coast" and data["blog"]["status_label"] == "Live"
    assert data["head"] == blog.__class__.objects.get(pk=blog.pk).head_seq


def test_it_bounds_the_number_of_updates(client, blog, publish):
    for n in range(12):
        publish(blog, headline=f"Update {n}")
    assert len(client.get("/live/storm/teaser.json?n=2").json()["posts"]) == 2
    assert len(client.get("/live/storm/teaser.json?n=500").json()["posts"]) == 10
    assert len(client.get("/live/storm/teaser.json?n=zero").json()["posts"]) == 5


def test_it_answers_304_until_the_blog_moves(client, blog, publish, editor):
    publish(blog, headline="First")
    r = client.get("/live/storm/teaser")
    etag = r["ETag"]
    assert etag.startswith(f'"{blog.epoch}-') and r["Access-Control-Allow-Origin"] == "*"
    again = client.get("/live/storm/teaser", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    post = publish(blog, headline="Second")
    moved = client.get("/live/storm/teaser", HTTP_IF_NONE_MATCH=etag)
    assert moved.status_code == 200 and "Second" in moved.content.decode()
    # An edit moves the head too, so caches and the script see it.
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Second, corrected"))
    assert "Second, corrected" in client.get("/live/storm/teaser", HTTP_IF_NONE_MATCH=moved["ETag"]).content.decode()


def test_the_fragment_is_the_same_bytes_for_everyone(client, blog, publish, reader):
    publish(blog, headline="River bursts its banks", body="<p>Water &amp; mud</p>")
    anonymous = client.get("/live/storm/teaser")
    client.force_login(reader)
    signed_in = client.get("/live/storm/teaser")
    assert anonymous.content == signed_in.content
    html = anonymous.content.decode()
    assert "<html" not in html and 'class="newsline-teaser"' in html
    assert "River bursts its banks" in html and "Follow the live coverage" in html


def test_it_shows_text_when_a_post_has_no_headline(client, blog, publish):
    publish(blog, headline="", body="<p>Water &amp; mud on the <strong>coast road</strong>.</p>")
    post = client.get("/live/storm/teaser.json").json()["posts"][0]
    assert post["title"] == "" and post["text"] == "Water & mud on the coast road."


def test_it_leaves_out_drafts_and_deleted_posts(client, blog, publish, editor):
    kept = publish(blog, headline="Kept")
    gone = publish(blog, headline="Gone")
    actions.delete_post(post=gone, by=editor)
    actions.save_draft(blog=blog, by=editor, content=actions.PostContent(headline="Draft"))
    assert [p["id"] for p in client.get("/live/storm/teaser.json").json()["posts"]] == [kept.pk]


def test_a_draft_blog_has_no_teaser(client, editor):
    actions.create_blog(by=editor, headline="Secret", slug="secret")
    assert client.get("/live/secret/teaser").status_code == 404
    assert client.get("/live/secret/teaser.json").status_code == 404


def test_it_is_in_the_blogs_language(client, blog, publish):
    from liveblogs.models import LiveBlog

    publish(blog, headline="Erste Meldung")
    english = client.get("/live/storm/teaser")
    assert english["Content-Language"] == blog.language
    LiveBlog.objects.filter(pk=blog.pk).update(language="de")
    german = client.get("/live/storm/teaser", HTTP_IF_NONE_MATCH=english["ETag"], HTTP_ACCEPT_LANGUAGE="en")
    assert german.status_code == 200 and german["Content-Language"] == "de"  # not answered 304 from the English
