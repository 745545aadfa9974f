"""The fast lane's shared asyncio Redis client (newsline.lib.redis_clients):
one per event loop, gone with its loop."""

import gc
import uuid
import weakref

import pytest

from newsline.lib import redis_clients
from tests.asyncio_thread import run_in_thread
from tests.waiting import wait_for

REDIS = "redis://127.0.0.1:6379/13"  # 10-15 are the tests'


@pytest.fixture
def named_redis(settings):
    """REDIS_URL with a client name of this test's own, so CLIENT LIST counts
    exactly its connections on the shared Redis; returns (counter, name)."""
    import redis

    from tests.server import need_service

    need_service(f"Redis at {REDIS}", lambda: redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    name = f"newsline-test-{uuid.uuid4().hex[:12]}"
    settings.REDIS_URL = f"{REDIS}?client_name={name}"
    admin = redis.Redis.from_url(REDIS)

    def connections() -> int:
        return sum(1 for c in admin.client_list() if c.get("name") == name)

    yield connections
    admin.close()


def test_one_client_per_loop(named_redis):
    async def twice():
        first, second = redis_clients.client(), redis_clients.client()
        assert first is second
        await first.ping()
        return first

    one, other = run_in_thread(twice), run_in_thread(twice)
    assert one is not other  # another loop, a client of its own


def test_loops_used_and_closed_leave_no_client_and_no_connection(named_redis):
    clients = []

    async def use():
        client = redis_clients.client()
        await client.ping()
        clients.append(weakref.ref(client))

    for _ in range(5):
        run_in_thread(use)  # asyncio.run: a fresh loop each time, closed at the end
    assert len(clients) == 5 and named_redis() <= 5
    gc.collect()
    assert [ref for ref in clients if ref() is not None] == []  # every client went with its loop
    wait_for(lambda: named_redis() == 0, seconds=10, what="the closed loops' connections closed")
