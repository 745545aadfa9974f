"""The checks behind /readyz. Each returns (ok, detail); detail is a short
JSON-able dict an operator can read. None of them writes anything."""

import time

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

_migrated = False  # once every migration is applied, this process stops asking


def check_database() -> tuple[bool, dict]:
    began = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    return True, {"vendor": connection.vendor, "ms": round((time.perf_counter() - began) * 1000, 1)}


def check_migrations() -> tuple[bool, dict]:
    global _migrated
    if _migrated:
        return True, {"pending": 0}
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    if plan:
        return False, {"pending": len(plan), "first": f"{plan[0][0].app_label}.{plan[0][0].name}"}
    _migrated = True
    return True, {"pending": 0}


def check_worker() -> tuple[bool, dict]:
    from operations.models import WorkerHeartbeat

    try:
        latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
        stale_after = settings.WORKER_HEARTBEAT_STALE_SECONDS
        alive = WorkerHeartbeat.objects.filter(
            beat_at__gte=timezone.now() - timezone.timedelta(seconds=stale_after)
        ).count()
    except Exception as exc:
        return False, {"error": type(exc).__name__}
    if latest is None:
        return False, {"workers": 0, "error": "no job worker has ever reported (start `manage.py run_worker`)"}
    age = (timezone.now() - latest).total_seconds()
    detail = {"workers": alive, "last_beat_seconds_ago": round(age, 1)}
    if not alive:
        detail["error"] = f"no job worker heartbeat in the last {stale_after} s"
    return alive > 0, detail


def check_broker() -> tuple[bool, dict]:
    """Live delivery: a connected broker, or (still ready) the log poll alone."""
    from realtime import hub as hub_module
    from realtime.brokers import get_broker

    broker = get_broker()
    detail = {"broker": broker.name, "poll_seconds": settings.REALTIME_POLL_SECONDS}
    if not broker.listens:
        detail["state"] = "not needed (one process)" if broker.name == "inprocess" else "publish only"
        return True, detail
    running = hub_module._hub is not None and hub_module._hub._subscriber is not None
    connected = getattr(broker, "connected", None)
    if not running or connected is None:
        detail["state"] = "idle (no stream open in this process yet)"
    elif connected:
        detail["state"] = "connected"
    else:
        detail["state"] = "degraded: delivering by log polling until the broker is back"
        detail["degraded"] = True
    return True, detail


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "broker": check_broker,
}


def readiness() -> tuple[bool, dict]:
    results = {}
    ready = True
    database_ok = True
    for name, check in CHECKS.items():
        if not database_ok and name in ("migrations", "worker"):
            results[name] = {"ok": False, "error": "database unreachable"}
            ready = False
            continue
        ok, detail = check()
        results[name] = {"ok": ok, **detail}
        ready = ready and ok
        if name == "database":
            database_ok = ok
    return ready, results
