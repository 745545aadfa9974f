"""The asyncio Redis client the fast lane's hot paths share (the votes'
limits, votes.fastlane; the analytics beacon's limit, liveblogs.beacon):
one client, with its connection pool, per event loop and REDIS_URL, with
short timeouts, so a Redis that is slow or away costs a hot path a second
at most and the caller falls back to counting in its own process.

A redis.asyncio client belongs to the loop it first ran on, and tests run a
fresh loop per test (tests/asyncio_thread.py): the clients are kept per
loop, and a loop that ends takes its client with it."""

import asyncio
import weakref

from django.conf import settings

TIMEOUT_SECONDS = 1

_clients: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[str, object]]" = weakref.WeakKeyDictionary()


def client():
    """This event loop's client on settings.REDIS_URL (which must be set)."""
    import redis.asyncio as aioredis

    loop = asyncio.get_running_loop()
    url = settings.REDIS_URL
    held = _clients.get(loop)
    if held is None or held[0] != url:
        held = (url, aioredis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS))
        _clients[loop] = held
    return held[1]
