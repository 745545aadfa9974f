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
    import time
    import urllib.request

    from tests.server import Server

    def ops_200(text):
        counted = re.search(r'newsline_http_requests_total\{group="ops",status="200"\} ([\d.]+)', text)
        return int(counted.group(1).split(".")[0]) if counted else 0

    server = Server(tmp_path, workers=2)
    try:
        for _ in range(20):  # the kernel spreads these over both workers
            urllib.request.urlopen(server.url + "/healthz", timeout=5).read()
        # A request is counted as its response ends, so the last one may land
        # just after the client has it (CI saw 19): scrape until all 20 are in.
        # Each scrape is an ops request too, counted for the scrapes after it.
        deadline = time.monotonic() + 10
        scrapes = 0
        while True:
            text = urllib.request.urlopen(server.url + "/metrics", timeout=5).read().decode()
            if ops_200(text) >= 20 + scrapes or time.monotonic() > deadline:
                break
            scrapes += 1
            time.sleep(0.1)
    finally:
        server.stop()
    assert ops_200(text) >= 20 + scrapes
    # Read from the shared files (multi-process mode keeps no per-process _created series).
    assert "newsline_http_requests_created" not in text


def test_it_counts_the_fast_lane_of_a_real_server(transactional_db, asgi_server, unique_blog, publish, editor):
    """Readers per blog, events, the lag of a write made in the server, the
    page cache, catch-up reads and HTTP by route group, scraped from the server."""
    import re
    import urllib.request

    from tests.brokers import open_reader, pin_through

    reader = open_reader(asgi_server, unique_blog)
    post = publish(unique_blog, headline="Counted")
    reader.next_event()
    pin_through(asgi_server, post, editor)  # written by the server itself: it wakes at once
    reader.next_event()
    for _ in range(2):
        urllib.request.urlopen(f"{asgi_server.url}/live/{unique_blog.slug}/", timeout=10).read()
    text = urllib.request.urlopen(asgi_server.url + "/metrics", timeout=10).read().decode()
    reader.close()

    def value(pattern):
        found = re.search(pattern + r" ([\d.e+-]+)", text)
        assert found, pattern
        return float(found.group(1))

    assert value(rf'newsline_stream_readers\{{key="{unique_blog.slug}",source="liveblog"\}}') == 1
    assert value(r'newsline_stream_events_total\{source="liveblog"\}') >= 2
    assert value(r"newsline_publish_broadcast_lag_seconds_count") >= 1
    assert value(r'newsline_page_cache_lookups_total\{result="hit"\}') >= 1
    assert value(r'newsline_http_requests_total\{group="reader_page",status="200"\}') >= 2
    assert value(r'newsline_http_requests_total\{group="desk",status="302"\}') >= 1


def test_it_reports_how_the_latest_webhook_deliveries_went(client, db, blog, editor):
    from distribution.models import Webhook, WebhookDelivery

    hook = Webhook.objects.create(url="https://hooks.example.org/in", secret="s" * 40, events=["post.published"],
                                  created_by=editor)
    for seq, status in enumerate(["delivered", "delivered", "failed", "retrying"], start=1):
        WebhookDelivery.objects.create(webhook=hook, blog=blog, epoch=1, seq=seq, event="post.published", body="{}",
                                       status=status)
    text = client.get("/metrics").content.decode()
    assert 'newsline_webhook_recent_deliveries{status="delivered"} 2.0' in text
    assert 'newsline_webhook_recent_deliveries{status="failed"} 1.0' in text
    assert 'newsline_webhook_recent_deliveries{status="retrying"} 1.0' in text
