"""Drafts, submissions, approval and scheduling: the actions and the one
table of allowed moves (liveblogs.lifecycle)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liveblogs import actions, lifecycle
from liveblogs.models import AuditEntry, LiveBlog, Post

pytestmark = pytest.mark.django_db

State = Post.State


def _draft(blog, by, headline="Draft headline"):
    return actions.save_draft(blog=blog, by=by, content=actions.PostContent(headline=headline, body="<p>Words.</p>"))


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_lists_every_state_in_the_transition_table():
    assert set(lifecycle.TRANSITIONS) == set(State.values)
    assert lifecycle.TRANSITIONS[State.REMOVED] == frozenset()


@pytest.mark.parametrize(
    "current,target,ok",
    [
        (State.DRAFT, State.SUBMITTED, True),
        (State.DRAFT, State.PUBLISHED, True),
        (State.SUBMITTED, State.DRAFT, True),
        (State.SCHEDULED, State.PUBLISHED, True),
        (State.PUBLISHED, State.DRAFT, False),
        (State.PUBLISHED, State.SUBMITTED, False),
        (State.DELETED, State.PUBLISHED, True),
        (State.REMOVED, State.PUBLISHED, False),
        (State.DRAFT, State.REMOVED, False),
    ],
)
def test_it_allows_only_the_listed_moves(current, target, ok):
    assert lifecycle.can_move(current, target) is ok


def test_it_keeps_drafts_submissions_and_schedules_off_the_public_log(blog, contributor, editor, assign):
    assign(blog, contributor)
    head = _head(blog)
    draft = _draft(blog, contributor)
    draft = actions.save_draft(blog=blog, by=contributor, content=actions.PostContent(headline="Better"), post=draft)
    actions.submit_post(post=draft, by=contributor)
    other = _draft(blog, editor)
    actions.schedule_post(post=other, by=editor, at=timezone.now() + timedelta(hours=1))
    assert _head(blog) == head
    assert not Post.objects.visible().exists()


def test_it_sends_a_submission_back_with_a_note_the_author_sees(blog, contributor, editor, assign):
    assign(blog, contributor)
    post = actions.submit_post(post=_draft(blog, contributor), by=contributor)
    post = actions.send_back_post(post=post, by=editor, note="  Name the source,   please. ")
    assert post.state == State.DRAFT
    assert post.review_note == "Name the source, please."
    assert post.reviewed_by == editor
    entry = AuditEntry.objects.get(action="send_back_post")
    assert entry.changes["state"] == ["submitted", "draft"]


def test_it_refuses_to_send_back_without_a_note(blog, contributor, editor):
    post = actions.submit_post(post=_draft(blog, contributor), by=contributor)
    with pytest.raises(actions.ActionError, match="Say what needs changing"):
        actions.send_back_post(post=post, by=editor, note="  ")


def test_it_approves_a_submission_as_the_authors_post(blog, contributor, editor):
    post = actions.submit_post(post=_draft(blog, contributor), by=contributor)
    head = _head(blog)
    post = actions.approve_post(post=post, by=editor)
    assert post.state == State.PUBLISHED and post.published_at is not None
    assert list(post.authors.all()) == [contributor]
    assert post.revisions.count() == 1
    assert _head(blog) == head + 1
    assert AuditEntry.objects.filter(action="approve_post", actor=editor, post=post).exists()


def test_it_refuses_to_approve_a_draft_or_to_publish_twice(blog, reporter, editor):
    draft = _draft(blog, reporter)
    with pytest.raises(actions.ActionError):
        actions.approve_post(post=draft, by=editor)
    actions.publish_unpublished_post(post=draft, by=reporter)
    with pytest.raises(actions.ActionError, match="already published"):
        actions.publish_unpublished_post(post=Post.objects.get(pk=draft.pk), by=reporter)


def test_it_refuses_a_schedule_in_the_past(blog, editor):
    with pytest.raises(actions.ActionError, match="future"):
        actions.schedule_post(post=_draft(blog, editor), by=editor, at=timezone.now() - timedelta(minutes=1))


def test_it_publishes_due_posts_in_schedule_order_and_leaves_later_ones(blog, editor):
    now = timezone.now()
    first, second, later = (_draft(blog, editor, headline=h) for h in ("First", "Second", "Later"))
    for post, minutes in ((second, 20), (first, 10), (later, 90)):
        actions.schedule_post(post=post, by=editor, at=now + timedelta(minutes=minutes))
    published = actions.publish_due_posts(now=now + timedelta(minutes=30))
    # publish_due_posts reads "due" from the clock passed in, but each post is
    # checked against the real time again when claimed; move the schedules back.
    assert published == []
    Post.objects.filter(pk__in=[first.pk, second.pk]).update(scheduled_for=now - timedelta(minutes=5))
    Post.objects.filter(pk=second.pk).update(scheduled_for=now - timedelta(minutes=1))
    published = actions.publish_due_posts()
    assert [p.headline for p in published] == ["First", "Second"]
    assert Post.objects.get(pk=later.pk).state == State.SCHEDULED
    assert actions.publish_due_posts() == []  # nothing published twice


def test_it_does_not_let_a_scheduled_post_be_edited_as_published(blog, editor):
    post = actions.schedule_post(post=_draft(blog, editor), by=editor, at=timezone.now() + timedelta(hours=1))
    with pytest.raises(actions.ActionError, match="not published"):
        actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="x"))
