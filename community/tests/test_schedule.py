"""Periodic community jobs queued by the job worker itself (no cron): key-event
alerts every minute, digests hourly and daily, each period's run queued once
however many workers ask."""

import threading
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import close_old_connections, connection
from django_tasks_db.models import DBTaskResult

from community import actions, schedule
from community.models import BlogFollow, Notification
from liveblogs import actions as blog_actions

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes its connection

NOON = datetime(2026, 3, 2, 12, 0, 10, tzinfo=UTC)


def queued(name: str) -> int:
    return DBTaskResult.objects.filter(task_path=f"community.tasks.{name}").count()


def test_it_queues_each_job_once_per_period():
    assert set(schedule.run_due(NOON)) == {name for name, _, _ in schedule.JOBS}
    assert schedule.run_due(NOON + timedelta(seconds=40)) == []  # same minute, hour and day
    assert schedule.run_due(NOON + timedelta(seconds=60)) == ["community.notify_key_events"]
    assert schedule.run_due(NOON + timedelta(hours=1)) == ["community.notify_key_events",
                                                          "community.send_hourly_digests"]
    assert schedule.run_due(NOON + timedelta(days=1)) == [name for name, _, _ in schedule.JOBS]
    assert (queued("notify_key_events"), queued("send_hourly_digests"), queued("send_daily_digests")) == (4, 3, 2)


def test_it_queues_once_when_several_workers_ask_at_the_same_moment():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(":memory"):
        pytest.skip("threads need a database file")
    results, errors = [], []

    def worker():
        try:
            results.append(schedule.run_due(NOON))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert sorted(name for names in results for name in names) == sorted(name for name, _, _ in schedule.JOBS)
    assert (queued("notify_key_events"), queued("send_hourly_digests"), queued("send_daily_digests")) == (1, 1, 1)


def test_it_runs_key_event_alerts_and_digests_from_the_worker_without_cron(blog, rosa, sam, editor, publish,
                                                                          comment_on):
    BlogFollow.objects.create(user=rosa, blog=blog)
    from community import keyevents

    keyevents.start_at_the_end(blog)  # as when a reader follows from the page
    post = publish(blog, headline="Bridge reopens")
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    actions.set_email_preferences(user=rosa, choices={"like": "daily", "key_event": "off"})
    actions.like_comment(comment=comment_on(rosa), by=sam)

    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO(), stderr=StringIO())

    assert Notification.objects.filter(recipient=rosa, kind="key_event", post_id=post.pk).count() == 1
    assert [m.to for m in mail.outbox] == [[rosa.email]] and "liked your comment" in mail.outbox[0].body
    assert DBTaskResult.objects.filter(task_path__startswith="community.tasks.", status="SUCCESSFUL").count() >= 3


def test_it_prunes_its_own_successful_runs_after_a_day():
    from django.utils import timezone

    schedule.run_due(NOON)
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 3
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=2))
    schedule.run_due(timezone.now())
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 0  # the old ones gone
    assert queued("notify_key_events") == 1  # this minute's run, waiting
