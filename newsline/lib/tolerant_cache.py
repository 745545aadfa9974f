"""Django's Redis cache, but a Redis outage never turns a request into a
server error. The cache only holds rate-limit counters (ours and allauth's):
while Redis is away, reads miss, writes are dropped and adds succeed (so
allauth's short lock never spins), and each failure is logged. Connections
give up after a second rather than hanging requests."""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("newsline.cache")


def _failed(operation: str, exc: Exception) -> None:
    log.warning("cache unavailable (%s during %s): rate limits are not counted", type(exc).__name__, operation)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **params.get("OPTIONS", {})}}
        super().__init__(server, params)

    def _errors(self):
        import redis

        return redis.exceptions.RedisError

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except self._errors() as exc:
            _failed("add", exc)
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except self._errors() as exc:
            _failed("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except self._errors() as exc:
            _failed("set", exc)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except self._errors() as exc:
            _failed("delete", exc)
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except self._errors() as exc:
            _failed("get_many", exc)
            return {}

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except self._errors() as exc:
            _failed("incr", exc)
            return delta

    def clear(self):
        try:
            return super().clear()
        except self._errors() as exc:
            _failed("clear", exc)
            return False
