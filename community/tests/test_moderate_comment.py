"""Approve, reject with a reason, feature and promote, with role tests and
crafted POSTs."""

import pytest

from community.models import Comment, CommentEvent, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(blog, rosa, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    return comment_on(rosa, "A fishy claim")


def act(client, comment, **data):
    return client.post(f"/community/moderate/comments/{comment.pk}", data, HTTP_ACCEPT="application/json")


def test_it_approves_a_held_comment_onto_the_live_thread(client, blog, held, moderator):
    client.force_login(moderator)
    assert act(client, held, action="approve").status_code == 200
    held.refresh_from_db()
    assert held.status == "published" and held.moderated_by == moderator
    assert CommentEvent.objects.filter(blog=blog, kind="comment.posted").exists()


def test_it_rejects_with_a_reason_the_author_is_told(client, blog, held, moderator):
    client.force_login(moderator)
    assert act(client, held, action="reject", reason="Spam or advertising").status_code == 200
    held.refresh_from_db()
    assert (held.status, held.rejection_reason) == ("rejected", "Spam or advertising")
    note = Notification.objects.get(recipient=held.author, kind="rejected")
    assert "Spam or advertising" in note.text


def test_it_needs_a_reason_to_reject(client, held, moderator):
    client.force_login(moderator)
    assert act(client, held, action="reject", reason="  ").status_code == 400
    assert Comment.objects.get(pk=held.pk).status == "pending"


def test_it_refuses_moderation_from_readers(client, held, sam):
    client.force_login(sam)
    assert act(client, held, action="approve").status_code == 403
    assert Comment.objects.get(pk=held.pk).status == "pending"


def test_it_features_a_comment_and_tells_its_author(client, blog, rosa, moderator, comment_on):
    comment = comment_on(rosa, "A thoughtful point")
    client.force_login(moderator)
    assert act(client, comment, action="feature").status_code == 200
    assert Comment.objects.get(pk=comment.pk).is_featured
    assert Notification.objects.filter(recipient=rosa, kind="featured").exists()


def test_it_lets_editors_quote_a_comment_in_the_live_blog(client, blog, rosa, editor, comment_on):
    comment = comment_on(rosa, "The **bridge** is closed at the north end.")
    head = blog.head_seq
    client.force_login(editor)
    assert act(client, comment, action="promote").status_code == 200
    post = blog.posts.get()
    assert "<blockquote>" in post.body and "<strong>bridge</strong>" in post.body and "Rosa Reader" in post.body
    blog.refresh_from_db()
    assert blog.head_seq == head + 1  # a real post on the blog's own log
    assert Comment.objects.get(pk=comment.pk).promoted_post_id == post.pk
    assert act(client, comment, action="promote").status_code == 400  # not twice


def test_it_keeps_promotion_from_moderators(client, blog, rosa, moderator, comment_on):
    comment = comment_on(rosa)
    client.force_login(moderator)
    assert act(client, comment, action="promote").status_code == 403
    assert not blog.posts.exists()
