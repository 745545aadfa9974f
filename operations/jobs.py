"""Jobs carry the id of the request that enqueued them: it is kept beside
the job (operations.models.JobOrigin) and set again while the worker runs the job, so the job's
log lines share the request's id. Each job's start and end is one log line."""

import logging
import time

from django.db import DatabaseError, transaction
from django_tasks.signals import task_enqueued, task_finished, task_started

from operations.context import new_request_id, request_id

log = logging.getLogger("newsline.jobs")

_started: dict[str, tuple[float, object]] = {}


def _on_enqueued(sender, task_result, **kwargs):
    rid = request_id.get()
    if not rid:
        return
    from operations.models import JobOrigin

    try:
        # A savepoint: if this fails (a deploy before `migrate`), the
        # enqueuing request and its transaction carry on without it.
        with transaction.atomic():
            JobOrigin.objects.create(job_id=str(task_result.id), request_id=rid)
    except DatabaseError as exc:
        log.warning("could not record the request id of job %s: %s", task_result.id, type(exc).__name__)


def _on_started(sender, task_result, **kwargs):
    from operations.models import JobOrigin

    try:
        rid = JobOrigin.objects.filter(job_id=str(task_result.id)).values_list("request_id", flat=True).first()
    except DatabaseError:
        rid = None
    token = request_id.set(rid or new_request_id())
    _started[task_result.id] = (time.monotonic(), token)
    log.info("job started", extra={"job_id": task_result.id, "task": task_result.task.module_path})


def _on_finished(sender, task_result, **kwargs):
    from operations.models import JobOrigin

    began, token = _started.pop(task_result.id, (None, None))
    if task_result.status.name == "SUCCESSFUL":  # a failed job keeps it, for its retry
        try:
            JobOrigin.objects.filter(job_id=str(task_result.id)).delete()
        except DatabaseError:
            pass
    log.log(
        logging.INFO if task_result.status.name == "SUCCESSFUL" else logging.WARNING,
        "job finished",
        extra={
            "job_id": task_result.id,
            "task": task_result.task.module_path,
            "status": task_result.status.name.lower(),
            "duration_ms": round((time.monotonic() - began) * 1000, 1) if began else None,
        },
    )
    if token is not None:
        try:
            request_id.reset(token)
        except ValueError:  # set in another context: clearing is enough
            request_id.set(None)


def install():
    task_enqueued.connect(_on_enqueued, dispatch_uid="operations.jobs.enqueued")
    task_started.connect(_on_started, dispatch_uid="operations.jobs.started")
    task_finished.connect(_on_finished, dispatch_uid="operations.jobs.finished")
