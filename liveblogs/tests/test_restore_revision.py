"""restore_revision: an earlier version made current through edit_post."""

import json

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db


def _edit(post, by, headline, body="<p>Body.</p>"):
    actions.edit_post(post=post, by=by, content=actions.PostContent(headline=headline, body=body))


def test_it_makes_the_old_text_current_as_a_new_revision(blog, publish, editor, reporter):
    post = publish(blog, headline="Original", body="<p>First.</p>", by=reporter)
    _edit(post, reporter, "Mistaken", "<p>Wrong.</p>")
    actions.restore_revision(revision=post.revisions.get(number=1), by=editor)
    post = Post.objects.get(pk=post.pk)
    assert (post.headline, post.body) == ("Original", "<p>First.</p>")
    latest = post.revisions.get(number=3)
    assert latest.restored_from == 1
    assert latest.author == editor
    assert latest.headline == "Original"


def test_it_sends_a_post_updated_event_with_the_restored_card(blog, publish, editor):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Mistaken")
    actions.restore_revision(revision=post.revisions.get(number=1), by=editor)
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    assert event.kind == "post.updated"
    assert "Original" in json.loads(event.payload)["post"]["html"]


def test_it_can_carry_a_correction_note(blog, publish, editor):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Mistaken")
    actions.restore_revision(
        revision=post.revisions.get(number=1), by=editor, correction_note="We restored the original."
    )
    assert [c.correction_note for c in Post.objects.get(pk=post.pk).corrections] == ["We restored the original."]


def test_it_keeps_pin_and_key_event(blog, publish, editor):
    post = publish(blog, headline="Original", is_pinned=True, is_key_event=True)
    _edit(post, editor, "Mistaken")
    actions.restore_revision(revision=post.revisions.get(number=1), by=editor)
    post = Post.objects.get(pk=post.pk)
    assert post.is_pinned and post.is_key_event


def test_it_refuses_the_version_readers_already_see(blog, publish, editor):
    post = publish(blog, headline="Original")
    with pytest.raises(actions.ActionError, match="already the current one"):
        actions.restore_revision(revision=post.revisions.get(number=1), by=editor)
    assert post.revisions.count() == 1


def test_it_refuses_a_deleted_post(blog, publish, editor):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Mistaken")
    actions.delete_post(post=post, by=editor)
    with pytest.raises(actions.ActionError, match="deleted"):
        actions.restore_revision(revision=post.revisions.get(number=1), by=editor)


def test_it_is_audited_as_a_restore(blog, publish, editor):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Mistaken")
    actions.restore_revision(revision=post.revisions.get(number=1), by=editor)
    entry = AuditEntry.objects.filter(post=post).latest("id")
    assert entry.action == "restore_revision"
    assert entry.changes["headline"] == ["Mistaken", "Original"]
    assert entry.changes["restored_from"] == [None, 1]
