"""The asyncio Redis client the fast lane's hot paths share (the votes'
limits, votes.fastlane; the analytics beacon's limit, liveblogs.beacon):
one client, with its connection pool, per event loop and REDIS_URL, with
short timeouts, so a Redis that is slow or away costs a hot path a second
at most and the caller falls back to counting in its own process.

A redis.asyncio client belongs to the loop it first ran on, and tests run a
fresh loop per test (tests/asyncio_thread.py). The client is kept on its
loop object, not in a table here: its connections hold the loop, so a table
keyed by loop (even a WeakKeyDictionary) would keep every loop, client and
open connection forever. On the loop, a loop that is dropped takes its
client with it: the loop, client and connections are collected together and
the connections' sockets are closed (their transports close them when
collected; they cannot be closed through a loop that has already closed)."""

import asyncio

from django.conf import settings

TIMEOUT_SECONDS = 1
_ATTRIBUTE = "_newsline_redis_client"  # (REDIS_URL, client) on the loop object


def client():
    """This event loop's client on settings.REDIS_URL (which must be set)."""
    import redis.asyncio as aioredis

    loop = asyncio.get_running_loop()
    url = settings.REDIS_URL
    held = getattr(loop, _ATTRIBUTE, None)
    if held is None or held[0] != url:
        held = (url, aioredis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS))
        setattr(loop, _ATTRIBUTE, held)
    return held[1]
