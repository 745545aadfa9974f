"""The safety net for a missed wake-up (a worker scheduler:
settings.WORKER_SCHEDULERS; `manage.py run_worker` calls it at start and
every WORKER_SCHEDULE_SECONDS).

Each blog event's wake-up queues the log's consumers as jobs
(distribution.listeners). If that never happened (the process stopped
between the commit and the enqueue, or the enqueue failed), a consumer's
position stays behind the blog's head until the blog's next event. This
looks, per consumer with work to do (not `idle()`), for blogs whose newest
event is older than MISSED_AFTER and not read yet, and queues one
`catch_up_logs` job for that consumer unless one is already waiting. A quiet
newsroom costs one small query per consumer per look; nothing is queued."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus

from distribution import tasks
from liveblogs.consumers import BLOG_LOG

# Longer than a busy queue takes to run an event's own job.
MISSED_AFTER = timedelta(seconds=60)


def catch_up_missed(now=None) -> list[str]:
    """Queue a catch-up for each consumer left behind; returns their names."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - MISSED_AFTER
    queued = []
    for consumer in BLOG_LOG.registered():
        if getattr(consumer, "idle", None) and consumer.idle():
            continue
        if not BLOG_LOG.behind(consumer, written_before=cutoff).exists():
            continue
        waiting = DBTaskResult.objects.filter(
            task_path="distribution.tasks.catch_up_logs",
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).values_list("args_kwargs", flat=True)
        if any(job["args"] in ([consumer.name], []) for job in waiting):
            continue
        tasks.catch_up_logs.enqueue(consumer.name)
        queued.append(consumer.name)
    return queued
