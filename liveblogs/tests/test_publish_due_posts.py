"""manage.py publish_due_posts, and the per-post job run by the real worker."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from liveblogs import actions
from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db(transaction=True)


def _scheduled(blog, by, headline, minutes_from_now=60):
    draft = actions.save_draft(blog=blog, by=by, content=actions.PostContent(headline=headline))
    return actions.schedule_post(post=draft, by=by, at=timezone.now() + timedelta(minutes=minutes_from_now))


def test_it_publishes_missed_schedules_in_order(blog, editor):
    later = _scheduled(blog, editor, "Missed second")
    earlier = _scheduled(blog, editor, "Missed first")
    # The server was down when their times came.
    now = timezone.now()
    Post.objects.filter(pk=earlier.pk).update(scheduled_for=now - timedelta(minutes=30))
    Post.objects.filter(pk=later.pk).update(scheduled_for=now - timedelta(minutes=10))
    out = StringIO()
    call_command("publish_due_posts", stdout=out)
    assert "2 scheduled post(s) published." in out.getvalue()
    ordered = list(Post.objects.visible().order_by("published_at", "id").values_list("headline", flat=True))
    assert ordered == ["Missed first", "Missed second"]
    call_command("publish_due_posts", stdout=out)
    assert out.getvalue().endswith("0 scheduled post(s) published.\n")


def test_it_publishes_through_the_worker_when_the_time_comes(blog, editor):
    post = _scheduled(blog, editor, "On time", minutes_from_now=1)
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    # Not yet due: the worker finds nothing it may run.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert Post.objects.get(pk=post.pk).state == Post.State.SCHEDULED
    # Its time comes (moved back rather than waiting a minute): the job's run_after too.
    from django_tasks_db.models import DBTaskResult

    past = timezone.now() - timedelta(seconds=1)
    Post.objects.filter(pk=post.pk).update(scheduled_for=past)
    DBTaskResult.objects.update(run_after=past)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    post = Post.objects.get(pk=post.pk)
    assert post.state == Post.State.PUBLISHED
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head + 1


def test_it_leaves_a_cancelled_schedule_alone_when_its_job_runs(blog, editor):
    post = _scheduled(blog, editor, "Cancelled", minutes_from_now=1)
    actions.unschedule_post(post=post, by=editor)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert Post.objects.get(pk=post.pk).state == Post.State.DRAFT
