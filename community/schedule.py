"""Periodic community jobs, queued by the job worker itself (no cron):
`manage.py run_worker` calls `run_due()` at start and every
WORKER_SCHEDULE_SECONDS (settings.WORKER_SCHEDULERS lists it).

Periods are fixed slices of UTC time (each minute, hour, day). A worker
claims the current period of a job by moving `ScheduledJob.last_period`
forward under a row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers) and queues the task in the same
transaction, so with any number of workers each period's job is queued
exactly once, and a period nobody was running for is simply skipped (the
jobs catch up by themselves: the key-event log position, digests' look-back)."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from community import tasks
from community.models import ScheduledJob

# name, period in seconds, task
JOBS = [
    ("community.notify_key_events", 60, tasks.notify_key_events),
    ("community.send_hourly_digests", 3600, tasks.send_hourly_digests),
    ("community.send_daily_digests", 86400, tasks.send_daily_digests),
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def period_start(now: datetime, seconds: int) -> datetime:
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


def run_due(now: datetime | None = None) -> list[str]:
    """Queue every job whose current period has not been claimed yet; returns their names."""
    now = now or timezone.now()
    queued = []
    for name, seconds, job in JOBS:
        start = period_start(now, seconds)
        ScheduledJob.objects.get_or_create(name=name)
        with transaction.atomic():
            row = ScheduledJob.objects.select_for_update().get(name=name)
            if row.last_period is not None and row.last_period >= start:
                continue
            row.last_period, row.queued_at = start, now
            row.save(update_fields=["last_period", "queued_at"])
            job.enqueue()
        queued.append(name)
    if queued:
        prune(now)
    return queued


def prune(now: datetime) -> int:
    """Successful runs of these jobs older than a day: one a minute would
    otherwise pile up in the task results table. Failed runs stay for a look."""
    from django_tasks_db.models import DBTaskResult

    paths = [f"{job.func.__module__}.{job.func.__qualname__}" for _, _, job in JOBS]
    deleted, _ = DBTaskResult.objects.filter(
        task_path__in=paths, status="SUCCESSFUL", finished_at__lt=now - timedelta(days=1)).delete()
    return deleted
