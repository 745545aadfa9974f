"""Jobs of the operations app."""

from django.utils import timezone
from django_tasks import task

from operations.context import request_id


@task()
def report_worker() -> dict:
    """A probe job: what the worker running it sees (its heartbeat row and
    the request id it inherited). Used by tests and handy from a shell to
    check that the queue is moving: `report_worker.enqueue()`."""
    from operations.models import WorkerHeartbeat

    fresh = WorkerHeartbeat.objects.filter(beat_at__gte=timezone.now() - timezone.timedelta(seconds=60)).count()
    return {"workers": fresh, "request_id": request_id.get()}
