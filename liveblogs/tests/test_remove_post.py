"""Legal takedown (actions.remove_post): gone everywhere, replays included."""

import pytest

from liveblogs import access, actions
from liveblogs.events import Kind
from liveblogs.models import AuditEntry, BlogEvent, LiveBlog, Post

pytestmark = pytest.mark.django_db

SECRET = "named the protected witness"


def test_it_takes_the_text_out_of_every_event_and_moves_the_epoch(blog, editor, publish):
    post = publish(blog, headline="Court update", body=f"<p>The report {SECRET}.</p>")
    actions.edit_post(
        post=post, by=editor, content=actions.PostContent(headline="Court update", body=f"<p>{SECRET}!</p>")
    )
    before = LiveBlog.objects.get(pk=blog.pk)
    actions.remove_post(post=post, by=editor, reason="Court order 114")
    after = LiveBlog.objects.get(pk=blog.pk)
    assert after.epoch == before.epoch + 1
    assert after.head_seq == before.head_seq + 1
    events = BlogEvent.objects.filter(blog=blog, post_id_ref=post.pk)
    assert events.count() == 3
    assert all(
        e.kind == Kind.POST_DELETED and SECRET not in e.payload and "Court update" not in e.payload for e in events
    )
    assert not BlogEvent.objects.filter(payload__contains=SECRET).exists()


def test_it_is_final_and_audited_with_the_reason(blog, editor, publish):
    post = publish(blog)
    post = actions.remove_post(post=post, by=editor, reason="  Defamation   claim ")
    assert post.state == Post.State.REMOVED and post.removal_reason == "Defamation claim"
    assert not Post.objects.visible().filter(pk=post.pk).exists()
    entry = AuditEntry.objects.get(action="remove_post")
    assert entry.actor == editor and entry.changes["removal_reason"] == [None, "Defamation claim"]
    with pytest.raises(actions.ActionError):
        actions.restore_post(post=post, by=editor)
    with pytest.raises(actions.ActionError):
        actions.remove_post(post=post, by=editor, reason="again")


def test_it_removes_a_deleted_post_too(blog, editor, publish):
    post = publish(blog)
    actions.delete_post(post=post, by=editor)
    assert actions.remove_post(post=Post.objects.get(pk=post.pk), by=editor, reason="Order").state == Post.State.REMOVED


def test_it_needs_a_reason(blog, editor, publish):
    with pytest.raises(actions.ActionError, match="legal reason"):
        actions.remove_post(post=publish(blog), by=editor, reason=" ")


def test_it_shows_a_removed_posts_revisions_to_admins_only(blog, editor, admin_user, publish):
    post = actions.remove_post(post=publish(blog), by=editor, reason="Order")
    assert access.can_view_history(admin_user, post)
    assert not access.can_view_history(editor, post)
