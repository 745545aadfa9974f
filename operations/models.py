"""What operations keeps in the database: one heartbeat row per job worker,
so /readyz on any node can tell whether some worker is alive."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class JobOrigin(models.Model):
    """The request that enqueued a job, so the job's log lines carry its id.
    Written at enqueue (inside a request only), removed when the job ends."""

    job_id = models.CharField(max_length=64, primary_key=True)
    request_id = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job origin")
        verbose_name_plural = _("job origins")
