"""Fixed-window rate limits on writes, counted in Django's cache. The cache
is shared by every process (settings.CACHES: Redis with REDIS_URL, else the
database cache), so a limit holds across workers and servers.

Redis counts atomically (INCR). The database cache reads and writes, so two
requests at the same instant may both count as one: a limit can be passed by
a request or two under a burst, never by a whole worker's worth."""

import logging

from django.core.cache import cache

log = logging.getLogger("newsline.ratelimit")


def over_limit(bucket: str, who: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt for `who` in `bucket`; True once the limit is passed.
    If the cache is unreachable the write goes ahead (logged): an outage of
    the counters must not stop every reader from writing."""
    key = f"ratelimit:{bucket}:{who}"
    try:
        cache.add(key, 0, timeout=per_seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=per_seconds)
            count = 1
    except Exception as exc:
        log.warning("rate-limit cache unavailable (%s): %s not counted", type(exc).__name__, bucket)
        return False
    return count > limit


def is_limited(bucket: str, who: str, *, limit: int) -> bool:
    """True if `who` has already used up `bucket`, without counting."""
    try:
        return (cache.get(f"ratelimit:{bucket}:{who}") or 0) >= limit
    except Exception as exc:
        log.warning("rate-limit cache unavailable (%s)", type(exc).__name__)
        return False
