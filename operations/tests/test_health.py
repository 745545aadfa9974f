import asyncio
import json
import threading

from django.db import connection
from django.utils import timezone

from operations import health
from operations.management.commands.run_worker import beat
from operations.models import WorkerHeartbeat
from realtime.brokers import RedisBroker, use
from tests.waiting import wait_for


def ready(client):
    response = client.get("/readyz")
    return response, json.loads(response.content)


def test_it_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_it_never_touches_the_session(client, reader):
    client.force_login(reader)
    for url in ("/healthz", "/readyz"):
        response = client.get(url)
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", "")


def test_it_is_ready_with_the_database_migrations_and_a_live_worker(client, db):
    beat("worker-a", timezone.now())
    response, body = ready(client)
    assert response.status_code == 200
    assert body["status"] == "ready"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "migrations": True, "worker": True, "broker": True,
    }
    assert "no-store" in response["Cache-Control"]


def test_it_is_not_ready_without_a_worker(client, db):
    response, body = ready(client)
    assert response.status_code == 503
    assert body["checks"]["worker"]["ok"] is False
    assert "run_worker" in body["checks"]["worker"]["error"]


def test_it_is_not_ready_when_the_last_heartbeat_is_stale(client, db, settings):
    beat("worker-a", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timezone.timedelta(seconds=120))
    response, body = ready(client)
    assert response.status_code == 503
    assert "no job worker heartbeat" in body["checks"]["worker"]["error"]


def test_it_is_not_ready_with_a_migration_not_applied(client, db, monkeypatch):
    beat("worker-a", timezone.now())
    monkeypatch.setattr(health, "_migrated", False)
    from django.db.migrations.loader import MigrationLoader

    # The app's newest migration, whichever it is now, as after deploying code before migrating.
    [(_, newest)] = MigrationLoader(connection, ignore_no_migrations=True).graph.leaf_nodes("operations")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'operations' AND name = %s", [newest])
    response, body = ready(client)
    assert response.status_code == 503
    assert body["checks"]["migrations"] == {"ok": False, "pending": 1, "first": f"operations.{newest}"}


def test_it_stays_ready_and_says_so_when_the_broker_is_down(client, db, monkeypatch):
    from realtime import hub as hub_module

    beat("worker-a", timezone.now())
    broker = RedisBroker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    previous = use(broker)
    monkeypatch.setattr(hub_module, "_hub", None)  # the hub made below goes when the test ends
    # The real hub, on an event loop of its own, listening to the broker as a
    # server process does; the broker's first connect fails.
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    hub = None
    try:
        hub = asyncio.run_coroutine_threadsafe(_make_hub(), loop).result(10)
        wait_for(lambda: broker.connected is False, what="the broker's failed connect")
        response, body = ready(client)
    finally:
        if hub is not None:
            asyncio.run_coroutine_threadsafe(hub.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
        use(previous)
    assert response.status_code == 200
    assert body["checks"]["broker"]["degraded"] is True
    assert "log polling" in body["checks"]["broker"]["state"]


async def _make_hub():
    from realtime.hub import get_hub

    return get_hub()
