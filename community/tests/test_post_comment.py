"""The post_comment action: threads, depth cap, refusals, the comments log."""

import pytest

from community import actions
from community.models import Comment, CommentEvent, Thread
from liveblogs import actions as blog_actions

pytestmark = pytest.mark.django_db


def test_it_publishes_and_logs_a_comment_without_moving_the_blog(blog, rosa, comment_on):
    head = blog.head_seq
    comment = comment_on(rosa, "Stay safe, everyone.")
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.body_html == "<p>Stay safe, everyone.</p>"
    thread = Thread.objects.get(blog=blog)
    assert (thread.head_seq, thread.comment_count) == (1, 1)
    event = CommentEvent.objects.get(blog=blog, seq=1)
    assert event.kind == "comment.posted" and "Stay safe" in event.payload
    blog.refresh_from_db()
    assert blog.head_seq == head  # the blog's public sequence did not move


def test_it_signals_the_comments_stream_after_commit(blog, rosa, comment_on, django_capture_on_commit_callbacks):
    import realtime
    from realtime import registry

    seen = []
    registry.add_listener(seen_listener := lambda *a: seen.append(a))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment_on(rosa)
    finally:
        registry.remove_listener(seen_listener)
    assert ("comments", blog.slug, 1) in seen
    assert all(s != "liveblog" for s, *_ in seen)
    assert realtime  # imported for its registry


def test_it_threads_replies_and_caps_the_depth(blog, rosa, sam, comment_on, settings):
    settings.COMMUNITY_MAX_DEPTH = 3
    top = comment_on(rosa, "Top")
    one = comment_on(sam, "Depth one", parent=top)
    two = comment_on(rosa, "Depth two", parent=one)
    three = comment_on(sam, "Would be depth three", parent=two)
    assert (one.depth, two.depth) == (1, 2)
    assert three.depth == 2 and three.parent_id == one.pk
    assert three.reply_to_id == rosa.pk


def test_it_refuses_a_reply_to_a_removed_comment(blog, rosa, sam, comment_on):
    top = comment_on(rosa, "Soon gone")
    actions.delete_comment(comment=top, by=rosa)
    with pytest.raises(actions.CommentError, match="removed"):
        comment_on(sam, "Reply", parent=top)
    assert Comment.objects.filter(author=sam).count() == 0


def test_it_refuses_comments_on_an_ended_blog(blog, editor, rosa, comment_on):
    blog_actions.close_blog(blog=blog, by=editor)
    with pytest.raises(actions.Refused, match="ended"):
        comment_on(rosa)
    assert not Comment.objects.exists()


def test_it_refuses_the_same_comment_twice(blog, rosa, comment_on):
    comment_on(rosa, "Same words")
    with pytest.raises(actions.Refused, match="just posted"):
        comment_on(rosa, "Same words")
    assert Comment.objects.count() == 1


def test_it_refuses_empty_and_too_long_comments(blog, rosa, comment_on, settings):
    settings.COMMUNITY_MAX_COMMENT_CHARS = 100
    with pytest.raises(actions.Refused, match="Write something"):
        comment_on(rosa, "   \x00 ")
    with pytest.raises(actions.Refused, match="at most 100"):
        comment_on(rosa, "x" * 101)
    assert not Comment.objects.exists()


def test_it_marks_journalists_of_the_blog_and_staff(blog, editor, other_reporter, comment_on):
    assert comment_on(editor, "From the desk").badge == "journalist"  # created the blog
    assert comment_on(other_reporter, "Hello").badge == "staff"
