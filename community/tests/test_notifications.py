"""Who is notified of what: replies, batched likes, followed readers,
featured and rejected comments; mutes silence them."""

import pytest

from community import actions
from community.models import Notification

pytestmark = pytest.mark.django_db


def test_it_notifies_the_author_of_a_reply(blog, rosa, sam, comment_on):
    top = comment_on(rosa, "Question?")
    comment_on(sam, "Answer.", parent=top)
    note = Notification.objects.get(recipient=rosa)
    assert note.kind == "reply" and note.actor == sam
    assert note.text == f"Sam Stranger replied to your comment on {blog.headline}"


def test_it_notifies_whom_a_capped_reply_answers(blog, rosa, sam, reporter, comment_on, settings):
    settings.COMMUNITY_MAX_DEPTH = 2
    top = comment_on(reporter, "Top")
    middle = comment_on(rosa, "Middle", parent=top)
    comment_on(sam, "Deep", parent=middle)
    assert Notification.objects.filter(recipient=rosa, kind="reply", actor=sam).exists()


def test_it_batches_likes_into_one_notification(blog, rosa, sam, reporter, comment_on):
    comment = comment_on(rosa)
    actions.like_comment(comment=comment, by=sam)
    actions.like_comment(comment=comment, by=reporter)
    note = Notification.objects.get(recipient=rosa, kind="like")
    assert note.count == 2
    assert note.text.startswith("Rita Reporter and 1 other liked")


def test_it_notifies_followers_of_a_new_comment(blog, rosa, sam, comment_on):
    actions.follow_reader(follower=sam, followee=rosa)
    comment_on(rosa, "Hello followers")
    assert Notification.objects.filter(recipient=sam, kind="followed_comment", actor=rosa).exists()


def test_it_stays_quiet_about_muted_readers(blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    actions.mute_reader(muter=rosa, muted=sam)
    comment_on(sam, "Reply nobody hears", parent=top)
    assert not Notification.objects.filter(recipient=rosa).exists()


def test_it_waits_for_approval_before_notifying(blog, rosa, sam, moderator, comment_on, settings):
    top = comment_on(rosa)
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    held = comment_on(sam, "fishy reply", parent=top)
    assert not Notification.objects.filter(recipient=rosa).exists()
    actions.approve_comment(comment=held, by=moderator)
    assert Notification.objects.filter(recipient=rosa, kind="reply").exists()
