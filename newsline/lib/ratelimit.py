"""Fixed-window rate limits on writes, counted in Django's cache (per process
by default; shared when the cache is shared, e.g. Redis)."""

from django.core.cache import cache


def over_limit(bucket: str, who: str, *, limit: int, per_seconds: int) -> bool:
    """Count one attempt for `who` in `bucket`; True once the limit is passed."""
    key = f"ratelimit:{bucket}:{who}"
    cache.add(key, 0, timeout=per_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=per_seconds)
        count = 1
    return count > limit


def is_limited(bucket: str, who: str, *, limit: int) -> bool:
    """True if `who` has already used up `bucket`, without counting."""
    return (cache.get(f"ratelimit:{bucket}:{who}") or 0) >= limit
