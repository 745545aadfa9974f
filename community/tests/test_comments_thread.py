"""The public thread fragment the page loads by script."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_is_the_same_bytes_for_everyone_and_sets_no_cookie(client, blog, rosa, sam, comment_on):
    comment_on(rosa, "Visible to all")
    anonymous = client.get(f"/live/{blog.slug}/comments/thread")
    client.force_login(sam)
    signed_in = client.get(f"/live/{blog.slug}/comments/thread")
    assert anonymous.status_code == signed_in.status_code == 200
    assert anonymous.content == signed_in.content
    assert b"Visible to all" in anonymous.content
    assert not signed_in.cookies
    assert b"csrfmiddlewaretoken" not in signed_in.content
    assert anonymous["Cache-Control"].startswith("public")


def test_it_answers_304_until_a_comment_arrives(client, blog, rosa, comment_on):
    comment_on(rosa, "One")
    first = client.get(f"/live/{blog.slug}/comments/thread")
    etag = first["ETag"]
    assert client.get(f"/live/{blog.slug}/comments/thread", HTTP_IF_NONE_MATCH=etag).status_code == 304
    comment_on(rosa, "Two")
    assert client.get(f"/live/{blog.slug}/comments/thread", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_it_sorts_by_newest_oldest_and_most_liked(client, blog, rosa, sam, comment_on):
    from community import actions

    old = comment_on(rosa, "Older comment")
    new = comment_on(sam, "Newer comment")
    actions.like_comment(comment=old, by=sam)
    body = lambda sort: client.get(f"/live/{blog.slug}/comments/thread?sort={sort}").content.decode()  # noqa: E731
    assert body("newest").index("Newer comment") < body("newest").index("Older comment")
    assert body("oldest").index("Older comment") < body("oldest").index("Newer comment")
    assert body("liked").index("Older comment") < body("liked").index("Newer comment")
    assert new


def test_it_nests_replies_and_hides_pending_comments(client, blog, rosa, sam, comment_on, settings):
    top = comment_on(rosa, "Top level")
    comment_on(sam, "A reply", parent=top)
    settings.COMMUNITY_SUSPECT_WORDS = ["dodgy"]
    comment_on(sam, "Something dodgy")
    html = client.get(f"/live/{blog.slug}/comments/thread").content.decode()
    assert html.index("Top level") < html.index("A reply")
    assert "Something dodgy" not in html


def test_it_leaves_the_blog_page_the_same_bytes(client, blog, rosa, comment_on):
    before = client.get(f"/live/{blog.slug}/")
    comment_on(rosa, "Does not touch the page")
    after = client.get(f"/live/{blog.slug}/")
    assert before["ETag"] == after["ETag"]
    assert before.content == after.content


def test_it_answers_304_to_the_weak_tag_a_gzipping_proxy_sends_back(client, blog, rosa, comment_on):
    comment_on(rosa, "One")
    etag = client.get(f"/live/{blog.slug}/comments/thread")["ETag"]
    assert client.get(f"/live/{blog.slug}/comments/thread", HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
