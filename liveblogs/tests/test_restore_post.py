"""restore_post: a deleted post back in its place, live."""

import json

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db


def test_it_brings_the_post_back_for_readers(blog, publish, editor, client):
    post = publish(blog, headline="Back again")
    actions.delete_post(post=post, by=editor)
    assert "Back again" not in client.get("/live/storm/").content.decode()
    actions.restore_post(post=post, by=editor)
    assert Post.objects.visible().filter(pk=post.pk).exists()
    assert "Back again" in client.get("/live/storm/").content.decode()


def test_it_appends_a_post_restored_event_with_the_card(blog, publish, editor):
    post = publish(blog, headline="Back again")
    actions.delete_post(post=post, by=editor)
    actions.restore_post(post=post, by=editor)
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    assert event.kind == "post.restored"
    payload = json.loads(event.payload)
    assert payload["post"]["id"] == post.pk
    assert f'id="post-{post.pk}"' in payload["post"]["html"]
    assert payload["post"]["sort"] == post.cursor  # back in its original place


def test_it_leaves_pin_and_key_event_off(blog, publish, editor):
    post = publish(blog, headline="Back again", is_pinned=True, is_key_event=True)
    actions.delete_post(post=post, by=editor)
    post = actions.restore_post(post=post, by=editor)
    assert not post.is_pinned and not post.is_key_event


def test_it_refuses_a_post_that_is_not_deleted(blog, publish, editor):
    post = publish(blog, headline="Here")
    head = blog.events.count()
    with pytest.raises(actions.ActionError, match="not deleted"):
        actions.restore_post(post=post, by=editor)
    assert blog.events.count() == head


def test_it_adds_one_to_the_version_and_is_audited(blog, publish, editor):
    post = publish(blog, headline="Back again")
    actions.delete_post(post=post, by=editor)
    actions.restore_post(post=post, by=editor)
    assert Post.objects.get(pk=post.pk).version == 3
    entry = AuditEntry.objects.filter(post=post).latest("id")
    assert (entry.action, entry.actor, entry.changes) == ("restore_post", editor, {"deleted": [True, False]})
