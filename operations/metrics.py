"""/metrics: Prometheus text for this deployment.

Counters and histograms live in the processes that count (realtime/metrics.py
for the fast lane, operations/asgi.py for HTTP). With several server workers
`manage.py serve` points them all at one PROMETHEUS_MULTIPROC_DIR, so a
scrape of any worker sums them all. Two families are read at scrape time:
stream readers per blog (from this process's hub: per process when
WEB_WORKERS > 1, see docs/operations.md) and the job queue (from the database)."""

import ipaddress
import os
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import REGISTRY, GaugeMetricFamily

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def allowed_networks():
    try:
        return [ipaddress.ip_network(n, strict=False) for n in settings.METRICS_ALLOWED_NETWORKS]
    except ValueError as exc:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {exc} (expected CIDRs such as 10.0.0.0/8)") from None


def may_scrape(remote_addr: str | None, authorization: str | None) -> bool:
    token = settings.METRICS_TOKEN
    if token and authorization:
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() == "bearer" and secrets.compare_digest(given.strip().encode(), token.encode()):
            return True
    try:
        addr = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return False
    return any(addr in net for net in allowed_networks())


class StreamCollector:
    """Readers per stream held by this process's hub, read at scrape time."""

    def describe(self):
        return []  # registering must not run collect() (it takes the registry's lock)

    def collect(self):
        from realtime import hub as hub_module

        readers = GaugeMetricFamily(
            "newsline_stream_readers",
            "Open stream connections per live stream in this process",
            labels=["source", "key"],
        )
        streams = GaugeMetricFamily("newsline_streams_active", "Streams this process holds in memory")
        hub = hub_module._hub
        count = 0
        if hub is not None:
            for stream in list(hub.streams.values()):
                count += 1
                if stream.readers:
                    readers.add_metric([stream.source, stream.key], stream.readers)
        streams.add_metric([], count)
        yield readers
        yield streams
        from realtime import grip

        if grip.proxy_audience is not None:
            # Readers a GRIP proxy holds, from its stats socket: the same
            # numbers in every process that reads it (not to be summed).
            held = GaugeMetricFamily(
                "newsline_proxy_stream_readers",
                "Stream readers the GRIP proxy holds per live stream, as the proxy reports them",
                labels=["source", "key"],
            )
            for name, n in grip.proxy_audience.audience().items():
                source, _, key = name.partition(":")
                held.add_metric([source, key], n)
            yield held


class JobCollector:
    """The job queue and the workers, from the database."""

    def describe(self):
        return []

    def collect(self):
        from django.db.models import Min
        from django_tasks_db.models import DBTaskResult

        from operations.models import WorkerHeartbeat

        depth = GaugeMetricFamily("newsline_jobs_ready", "Jobs waiting to run now (ready, due)")
        age = GaugeMetricFamily("newsline_jobs_oldest_ready_age_seconds", "How long the oldest due job has waited")
        failed = GaugeMetricFamily("newsline_jobs_failed", "Failed jobs kept in the results table")
        workers = GaugeMetricFamily(
            "newsline_job_worker_heartbeat_age_seconds", "Seconds since each job worker's heartbeat", labels=["worker"]
        )
        now = timezone.now()
        try:
            ready = DBTaskResult.objects.ready()
            depth.add_metric([], ready.count())
            oldest = ready.aggregate(m=Min("enqueued_at"))["m"]
            age.add_metric([], (now - oldest).total_seconds() if oldest else 0)
            failed.add_metric([], DBTaskResult.objects.failed().count())
            for wid, host, beat in WorkerHeartbeat.objects.values_list("worker_id", "hostname", "beat_at"):
                workers.add_metric([f"{host}/{wid[:8]}"], (now - beat).total_seconds())
        except Exception:  # database away: /readyz says so; the scrape still answers
            return
        yield depth
        yield age
        yield failed
        yield workers


class WebhookCollector:
    """How the latest outbound webhook deliveries went (distribution app),
    from the newest rows by primary key, so a scrape never counts the whole
    history."""

    RECENT = 1000

    def describe(self):
        return []

    def collect(self):
        try:
            from distribution.models import WebhookDelivery
        except ImportError:
            return
        family = GaugeMetricFamily(
            "newsline_webhook_recent_deliveries",
            f"Status of the latest {self.RECENT} outbound webhook deliveries", labels=["status"],
        )
        counts = {value: 0 for value in WebhookDelivery.Status.values}
        try:
            for status in WebhookDelivery.objects.order_by("-id").values_list("status", flat=True)[: self.RECENT]:
                counts[status] = counts.get(status, 0) + 1
        except Exception:  # database away, or the table not migrated yet
            return
        for status, count in counts.items():
            family.add_metric([status], count)
        yield family


_scrape_time = [StreamCollector(), JobCollector(), WebhookCollector()]
for _collector in _scrape_time:
    REGISTRY.register(_collector)


def render() -> bytes:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest(REGISTRY)
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    for collector in _scrape_time:
        registry.register(collector)
    return generate_latest(registry)
