"""Run the job worker's queue inside a test, as a deployment's worker would.

`run_pending_jobs()` claims each job that is due and runs it with
django-tasks-db's own `Worker.run_task` (the code `manage.py run_worker`
runs), until none is left, including jobs those jobs queue. Unlike
`call_command("db_worker", "--batch")` it stays inside the test's
transaction (the command's loop closes the connection, which only
`django_db(transaction=True)` tests survive), so ordinary tests can follow
a write through its after-commit wake-up to the worker. A job that fails
fails the test."""

from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "tests"


def run_pending_jobs(limit: int = 1000) -> int:
    """Run every job that is due now; returns how many ran."""
    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id=WORKER_ID, excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        with transaction.atomic():
            job = DBTaskResult.objects.ready().get_locked()
            if job is None:
                return ran
            job.claim(WORKER_ID)
        worker.run_task(job)
        ran += 1
        job.refresh_from_db()
        if job.status != TaskResultStatus.SUCCESSFUL:
            raise AssertionError(f"job {job.task_path} failed: {job.exception_class_path} {job.traceback}")
    raise AssertionError(f"jobs still queued after {limit}: a job that queues itself?")
