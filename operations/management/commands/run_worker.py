"""The job worker: django-tasks' `db_worker`, plus a heartbeat row updated
every few seconds (operations.models.WorkerHeartbeat) that /readyz reads,
and the periodic jobs' schedulers (settings.WORKER_SCHEDULERS), so nothing
needs cron. An idle worker looks for jobs every JOB_WORKER_POLL_MS (250 ms).
`manage.py serve` starts one beside the web server; run more anywhere."""

import logging
import os
import signal
import socket
import threading

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from liveblogs import events
from operations.models import JobOrigin, WorkerHeartbeat

log = logging.getLogger("newsline.worker")

HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))


def beat(worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def beat_again(worker_id: str, started_at, stop: threading.Event) -> None:
    """Refresh the row the first beat made. Only an update: a beat still
    waiting for the database when the worker stops lands after the clean-up
    deleted the row and must not bring it back (a loaded machine's SQLite
    can keep a write waiting longer than the clean-up waits for it). Made
    again only when it went while the worker runs (pruned as stale)."""
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=timezone.now()) and not stop.is_set():
        beat(worker_id, started_at)


def _heartbeat_forever(worker_id: str, started_at, stop: threading.Event) -> None:
    # The first beat was made before the worker started; this thread keeps
    # it fresh, in its own database connection, even while a long job runs.
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            beat_again(worker_id, started_at, stop)
        except Exception as exc:  # the database may be away; /readyz says so
            log.warning("worker heartbeat failed: %s", type(exc).__name__)
            _close()
    _close()


def run_schedulers() -> None:
    """Queue periodic jobs that are due (settings.WORKER_SCHEDULERS, e.g.
    community.schedule.run_due). Each is safe with many workers; one failing
    never stops the others or the worker."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    for path in getattr(settings, "WORKER_SCHEDULERS", []):
        try:
            import_string(path)()
        except Exception:
            log.exception("periodic job scheduler %s failed", path)


def _schedule_forever(stop: threading.Event) -> None:
    from django.conf import settings

    while not stop.wait(getattr(settings, "WORKER_SCHEDULE_SECONDS", 15)):
        try:
            close_old_connections()
            run_schedulers()
        except Exception as exc:
            log.warning("worker scheduler failed: %s", type(exc).__name__)
            _close()
    _close()


def _close():
    if not connection.allow_thread_sharing:  # tests share one connection between threads
        connection.close()


def _exit_cleanly(signum, frame):
    raise SystemExit(0)


def prune() -> None:
    """Rows that outlived their use: heartbeats of workers that died without
    saying so, and request ids of jobs long gone (failed ones keep theirs)."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timezone.timedelta(days=1)).delete()
    JobOrigin.objects.filter(created_at__lt=now - timezone.timedelta(days=14)).delete()


class Command(DbWorkerCommand):
    help = "Run the background job worker (db_worker) with a heartbeat for /readyz."

    def add_arguments(self, parser):
        from django.conf import settings

        super().add_arguments(parser)
        # The blogs' log consumers (search indexing first) run as jobs: a
        # shorter idle poll than db_worker's 1 s makes a post searchable sooner.
        parser.set_defaults(interval=settings.JOB_WORKER_POLL_SECONDS)

    def handle(self, *args, worker_id, **options):
        started_at = timezone.now()
        stop = threading.Event()
        thread = scheduler = None
        # db_worker installs its own SIGTERM/SIGINT handlers only once its loop
        # starts; until then a stop request must still end in the `finally`
        # below, or the heartbeat row written first would outlive the worker.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, _exit_cleanly)
        try:
            beat(worker_id, started_at)  # at once, so readiness does not wait for the first interval
            prune()
            thread = threading.Thread(
                target=_heartbeat_forever, args=(worker_id, started_at, stop), name="worker-heartbeat", daemon=True
            )
            thread.start()
            if not options.get("batch"):
                # A long-running worker publishes scheduled posts: what the first
                # one's event needs is loaded now, not after its `at`.
                events.warm_up()
            run_schedulers()  # at once (so --batch runs what is due), then every WORKER_SCHEDULE_SECONDS
            if not options.get("batch"):
                scheduler = threading.Thread(
                    target=_schedule_forever, args=(stop,), name="worker-scheduler", daemon=True
                )
                scheduler.start()
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            # Let a heartbeat write in flight finish and close its connection
            # (one landing after the delete below changes nothing: beat_again).
            for helper in (thread, scheduler):
                if helper is not None:
                    helper.join(15)
            try:
                WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
            except Exception:  # shutting down with the database away: the row just goes stale
                pass
