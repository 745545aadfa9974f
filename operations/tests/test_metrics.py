from django.utils import timezone

from operations.management.commands.run_worker import beat
from operations.tasks import report_worker


def test_it_serves_metrics_to_the_allowed_networks(client, db):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "no-store" in response["Cache-Control"]


def test_it_hides_metrics_from_other_networks(client, db):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 404
    assert b"newsline_" not in response.content


def test_it_serves_metrics_to_a_client_with_the_token(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token-value"
    response = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token-value"
    )
    assert response.status_code == 200


def test_it_refuses_a_wrong_token(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-scrape-token-value"
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer guess")
    assert response.status_code == 404


def test_it_honours_configured_networks(client, db, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_it_reports_the_job_queue_and_worker_heartbeats(client, db):
    report_worker.enqueue()
    report_worker.enqueue()
    beat("worker-abcdefgh", timezone.now())
    text = client.get("/metrics").content.decode()
    assert "newsline_jobs_ready 2.0" in text
    assert "newsline_jobs_oldest_ready_age_seconds" in text
    assert 'newsline_job_worker_heartbeat_age_seconds{worker=' in text


def test_it_sums_the_counts_of_every_server_worker(transactional_db, tmp_path):
    """Two server processes, one scrape: the HTTP counts of both."""
    import re
    import urllib.request

    from tests.server import Server

    server = Server(tmp_path, workers=2)
    try:
        for _ in range(20):  # the kernel spreads these over both workers
            urllib.request.urlopen(server.url + "/healthz", timeout=5).read()
        text = urllib.request.urlopen(server.url + "/metrics", timeout=5).read().decode()
    finally:
        server.stop()
    counted = re.search(r'newsline_http_requests_total\{group="ops",status="200"\} ([\d.]+)', text)
    assert counted and int(counted.group(1).split(".")[0]) >= 20
    # Read from the shared files (multi-process mode keeps no per-process _created series).
    assert "newsline_http_requests_created" not in text
