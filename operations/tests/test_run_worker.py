from django.core.management import call_command

from operations.context import request_id
from operations.models import WorkerHeartbeat
from operations.tasks import report_worker


def run_worker_batch():
    call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_it_runs_jobs_with_a_heartbeat_row_while_it_runs(transactional_db):
    result = report_worker.enqueue()
    run_worker_batch()
    result.refresh()
    assert result.status.name == "SUCCESSFUL", result.errors
    assert result.return_value["workers"] == 1


def test_it_removes_its_heartbeat_row_when_it_stops(transactional_db):
    run_worker_batch()
    assert not WorkerHeartbeat.objects.exists()


def test_it_gives_a_job_the_request_id_of_the_request_that_enqueued_it(transactional_db):
    token = request_id.set("proxy-request-0001")
    try:
        result = report_worker.enqueue()
    finally:
        request_id.reset(token)
    run_worker_batch()
    result.refresh()
    assert result.return_value["request_id"] == "proxy-request-0001"


def test_it_gives_a_job_enqueued_outside_a_request_an_id_of_its_own(transactional_db):
    result = report_worker.enqueue()
    run_worker_batch()
    result.refresh()
    assert len(result.return_value["request_id"]) == 32


def test_it_prunes_heartbeats_of_workers_long_dead(transactional_db):
    from django.utils import timezone

    from operations.management.commands.run_worker import beat

    beat("died-yesterday", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timezone.timedelta(days=2))
    run_worker_batch()
    assert not WorkerHeartbeat.objects.filter(worker_id="died-yesterday").exists()
