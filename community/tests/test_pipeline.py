"""The moderation pipeline, one check at a time, through post_comment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community import actions
from community.models import Comment, Standing

pytestmark = pytest.mark.django_db


def test_it_refuses_a_banned_reader_with_the_reason(blog, rosa, comment_on):
    Standing.objects.create(user=rosa, banned=True, ban_reason="repeated abuse")
    with pytest.raises(actions.Refused, match="banned from commenting: repeated abuse"):
        comment_on(rosa)
    assert not Comment.objects.exists()


def test_it_refuses_a_suspended_reader_until_the_end(blog, rosa, comment_on):
    standing = Standing.objects.create(user=rosa, suspended_until=timezone.now() + timedelta(days=1))
    with pytest.raises(actions.Refused, match="suspended from commenting until"):
        comment_on(rosa)
    standing.suspended_until = timezone.now() - timedelta(minutes=1)
    standing.save()
    assert comment_on(rosa).status == "published"


def test_it_holds_comments_with_too_many_links(blog, rosa, comment_on, settings):
    settings.COMMUNITY_MAX_LINKS = 1
    comment_on(rosa, "A first comment with no link")
    held = comment_on(rosa, "[a](https://a.example) [b](https://b.example)")
    assert held.status == "pending" and "links" in held.tags


def test_it_holds_links_from_readers_with_nothing_published(blog, rosa, comment_on):
    held = comment_on(rosa, "Look at [this](https://spam.example)")
    assert held.status == "pending" and held.tags == ["new_commenter_links"]


def test_it_rejects_banned_words_and_says_why(blog, rosa, comment_on, settings):
    settings.COMMUNITY_BANNED_WORDS = ["scumbag"]
    rejected = comment_on(rosa, "What a SCUMBAG.")
    assert rejected.status == "rejected"
    assert "not allowed" in rejected.rejection_reason
    assert comment_on(rosa, "Scumbags-free comment about scumbagging").status == "published"  # whole words only


def test_it_folds_lookalike_letters_before_matching(blog, rosa, comment_on, settings):
    settings.COMMUNITY_BANNED_WORDS = ["scumbag"]
    assert comment_on(rosa, "ｓｃｕｍｂａｇ").status == "rejected"  # full-width letters


def test_it_holds_suspect_words(blog, rosa, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["idiot"]
    assert comment_on(rosa, "You idiot").status == "pending"


def test_it_holds_first_comments_of_new_readers(blog, rosa, moderator, comment_on, settings):
    settings.COMMUNITY_PREMODERATE_FIRST = 1
    first = comment_on(rosa, "Hello, first time here")
    assert first.status == "pending" and first.tags == ["first_comment"]
    actions.approve_comment(comment=first, by=moderator)
    assert comment_on(rosa, "Second time").status == "published"


def test_it_never_holds_staff_as_new_commenters(blog, editor, comment_on, settings):
    settings.COMMUNITY_PREMODERATE_FIRST = 3
    assert comment_on(editor, "From the desk").status == "published"


def test_it_holds_everything_from_a_premoderated_reader_or_blog(blog, rosa, sam, editor, comment_on):
    Standing.objects.create(user=rosa, always_premoderate=True)
    assert comment_on(rosa).tags == ["user_premoderated"]
    actions.set_thread_options(blog=blog, by=editor, closed=False, premoderate=True)
    assert comment_on(sam).tags == ["blog_premoderated"]


def test_it_refuses_comments_on_a_closed_thread(blog, rosa, editor, comment_on):
    actions.set_thread_options(blog=blog, by=editor, closed=True, premoderate=False)
    with pytest.raises(actions.Refused, match="closed"):
        comment_on(rosa)


def test_it_holds_readers_whose_recent_comments_were_mostly_rejected(blog, rosa, moderator, comment_on):
    for i in range(3):
        actions.reject_comment(comment=comment_on(rosa, f"Bad take number {i}"), by=moderator, reason="Off topic")
    held = comment_on(rosa, "Trying again")
    assert held.status == "pending" and held.tags == ["rejection_history"]


def score_everything_toxic(text):
    return 0.99 if "awful" in text else 0.0


def broken_classifier(text):
    raise RuntimeError("model not loaded")


def test_it_holds_what_the_toxicity_classifier_flags(blog, rosa, comment_on, settings):
    settings.COMMUNITY_TOXICITY_CLASSIFIER = "community.tests.test_pipeline.score_everything_toxic"
    assert comment_on(rosa, "You awful person").tags == ["toxicity"]
    assert comment_on(rosa, "A kind word").status == "published"


def test_it_lets_comments_through_when_the_classifier_fails(blog, rosa, comment_on, settings):
    settings.COMMUNITY_TOXICITY_CLASSIFIER = "community.tests.test_pipeline.broken_classifier"
    assert comment_on(rosa, "Still fine").status == "published"


def test_it_closes_threads_after_the_configured_days(blog, rosa, comment_on, settings):
    from liveblogs.models import LiveBlog

    settings.COMMUNITY_AUTO_CLOSE_DAYS = 2
    LiveBlog.objects.filter(pk=blog.pk).update(opened_at=timezone.now() - timedelta(days=3))
    blog.refresh_from_db()
    with pytest.raises(actions.Refused, match="closed"):
        comment_on(rosa, "Too late", on=blog)
