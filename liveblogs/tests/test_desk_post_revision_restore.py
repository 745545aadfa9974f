"""POST /desk/blogs/<slug>/posts/<id>/history/<n>/restore/."""

import json

import pytest

from liveblogs import actions
from liveblogs.models import BlogEvent, Post

pytestmark = pytest.mark.django_db


def _url(post, number):
    return f"/desk/blogs/storm/posts/{post.pk}/history/{number}/restore/"


def _changed(publish, blog, editor):
    post = publish(blog, headline="Original", body="<p>Right.</p>")
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Mistake", body="<p>Wrong.</p>"))
    return post


def test_it_restores_as_a_new_revision_and_an_event(client, editor, blog, publish):
    post = _changed(publish, blog, editor)
    client.force_login(editor)
    r = client.post(_url(post, 1))
    assert r.status_code == 302
    assert r.url == f"/desk/blogs/storm/posts/{post.pk}/history/"
    post = Post.objects.get(pk=post.pk)
    assert (post.headline, post.body) == ("Original", "<p>Right.</p>")
    assert post.revisions.count() == 3
    assert post.revisions.get(number=3).restored_from == 1
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    assert event.kind == "post.updated"
    assert "Original" in json.loads(event.payload)["post"]["html"]
    html = client.get(r.url).content.decode()
    assert "Version 1 restored. Readers see it now." in html
    assert "Restored version 1" in html
    assert "Original" in client.get("/live/storm/").content.decode()


def test_it_can_publish_a_correction_with_the_restore(client, editor, blog, publish):
    post = _changed(publish, blog, editor)
    client.force_login(editor)
    client.post(_url(post, 1), {"correction_note": "We put back the original wording."})
    assert "Correction, <time" in client.get("/live/storm/").content.decode()
    assert "We put back the original wording." in client.get("/live/storm/").content.decode()


def test_it_says_so_when_the_version_is_already_current(client, editor, blog, publish):
    post = publish(blog, headline="Only")
    client.force_login(editor)
    r = client.post(_url(post, 1), follow=True)
    assert "That version is already the current one." in r.content.decode()
    assert Post.objects.get(pk=post.pk).revisions.count() == 1


def test_it_refuses_a_correction_note_that_is_too_long(client, editor, blog, publish):
    post = _changed(publish, blog, editor)
    client.force_login(editor)
    r = client.post(_url(post, 1), {"correction_note": "x" * 501}, follow=True)
    assert "at most 500 characters" in r.content.decode()
    assert Post.objects.get(pk=post.pk).headline == "Mistake"


def test_it_forbids_reporters(client, editor, reporter, blog, publish):
    post = _changed(publish, blog, editor)
    client.force_login(reporter)
    assert client.post(_url(post, 1)).status_code == 403
    assert Post.objects.get(pk=post.pk).headline == "Mistake"


def test_it_refuses_get(client, editor, blog, publish):
    post = _changed(publish, blog, editor)
    client.force_login(editor)
    assert client.get(_url(post, 1)).status_code == 405


def test_it_answers_404_for_a_deleted_post(client, editor, blog, publish):
    post = _changed(publish, blog, editor)
    actions.delete_post(post=post, by=editor)
    client.force_login(editor)
    assert client.post(_url(post, 1)).status_code == 404
