"""Deleted posts on the blog's desk page, and POST .../posts/<id>/restore/."""

import json

import pytest

from liveblogs import actions
from liveblogs.models import BlogEvent, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/restore/"


def _deleted(publish, blog, editor, headline="Withdrawn"):
    post = publish(blog, headline=headline)
    actions.delete_post(post=post, by=editor)
    return post


def test_it_lists_deleted_posts_for_editors(client, editor, blog, publish):
    post = _deleted(publish, blog, editor)
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert '<h2 id="deleted-title">Deleted posts</h2>' in html
    section = html.split('id="deleted-title"')[1]
    assert "Withdrawn" in section
    assert f'action="{_url(post)}"' in section
    assert "Restore" in section


def test_it_hides_the_section_from_reporters(client, editor, reporter, blog, publish):
    _deleted(publish, blog, editor)
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Deleted posts" not in html
    assert "Withdrawn" not in html


def test_it_restores_the_post_with_an_event(client, editor, blog, publish):
    post = _deleted(publish, blog, editor)
    client.force_login(editor)
    r = client.post(_url(post))
    assert r.status_code == 302
    assert r.url == f"/desk/blogs/storm/#post-{post.pk}"
    assert Post.objects.visible().filter(pk=post.pk).exists()
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    assert event.kind == "post.restored"
    assert json.loads(event.payload)["post"]["id"] == post.pk
    assert "Withdrawn" in client.get("/live/storm/").content.decode()
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Post restored: readers can see it again." in html
    assert "Deleted posts" not in html


def test_it_says_so_when_the_post_is_not_deleted(client, editor, blog, publish):
    post = publish(blog, headline="Still here")
    client.force_login(editor)
    r = client.post(_url(post), follow=True)
    assert "This post is not deleted." in r.content.decode()


def test_it_forbids_reporters_even_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, headline="Mine", by=reporter)
    actions.delete_post(post=post, by=reporter)
    client.force_login(reporter)
    assert client.post(_url(post)).status_code == 403
    assert not Post.objects.visible().filter(pk=post.pk).exists()


def test_it_forbids_readers(client, editor, reader, blog, publish):
    post = _deleted(publish, blog, editor)
    client.force_login(reader)
    assert client.post(_url(post)).status_code == 403


def test_it_refuses_get(client, editor, blog, publish):
    post = _deleted(publish, blog, editor)
    client.force_login(editor)
    assert client.get(_url(post)).status_code == 405
