"""Following a blog's key events: alerts come from the blog's own event log."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import BlogFollow, Notification
from liveblogs import actions as blog_actions

pytestmark = pytest.mark.django_db


def run():
    call_command("notify_key_events", stdout=StringIO())


def test_it_alerts_followers_when_an_editor_marks_a_key_event(client, blog, rosa, editor, publish):
    earlier = publish(blog, headline="Before anyone followed", is_key_event=True)
    client.force_login(rosa)
    r = client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    assert r.json()["following"] is True
    post = publish(blog, headline="Evacuation ordered")
    run()
    assert not Notification.objects.exists()  # neither the old key event nor an ordinary post
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    run()
    run()  # and only once
    note = Notification.objects.get(recipient=rosa)
    assert note.kind == "key_event" and note.text == f"Key event on {blog.headline}: Evacuation ordered"
    assert note.url == f"/live/{blog.slug}/?around={post.pk}#post-{post.pk}"
    assert earlier


def test_it_stops_when_the_reader_unfollows(client, blog, rosa, publish):
    client.force_login(rosa)
    client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    client.post(f"/live/{blog.slug}/comments/key-events", {"undo": "1"}, HTTP_ACCEPT="application/json")
    assert not BlogFollow.objects.exists()
    publish(blog, headline="Nobody hears", is_key_event=True)
    run()
    assert not Notification.objects.exists()


def test_it_refuses_anonymous_and_unverified_readers(client, blog, stranger):
    assert client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json").status_code == 403
    client.force_login(stranger)
    assert client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json").status_code == 403
    assert not BlogFollow.objects.exists()
