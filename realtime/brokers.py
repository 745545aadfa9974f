"""Brokers: how a write in one process wakes the readers held by the others.

Wake-up only. A broker carries one short message, "stream (source, key) is
at seq N"; the database is the log, so a lost message loses nothing. Each
server process's hub also polls the log (REALTIME_POLL_MS), whatever the
broker: a broker makes delivery fast, the poll makes it certain.

    inprocess  no messages between processes. A write wakes its own process's
               hub at once (realtime.hub._in_process_listener, always on);
               every other process finds it at its next log poll.
    postgres   LISTEN/NOTIFY on the database Newsline already uses.
    redis      Redis pub/sub (REDIS_URL).

A broker has two halves:

    publish(source, key, seq)  runs in the writing thread after commit, as a
                               realtime.registry listener. It must never
                               raise or block a write for long.
    run(hub)                   runs on the hub's event loop for the life of
                               the process: connect, subscribe, re-read the
                               heads of every watched stream, then call
                               hub.wake() per message; on any failure back
                               off and start again.

docs/realtime-brokers.md says how to choose one and how to add one."""

import asyncio
import logging
import random
import time

from django.conf import settings

from realtime.registry import add_listener, remove_listener

log = logging.getLogger(__name__)

CHANNEL = "newsline_events"  # the NOTIFY channel and the Redis pub/sub channel
NAMES = ("inprocess", "postgres", "redis")

RECONNECT_MIN_SECONDS = 0.5
RECONNECT_MAX_SECONDS = 10.0
# How long a quiet subscription waits before it proves its connection alive,
# so a link that died without a word is noticed and replaced.
HEALTH_CHECK_SECONDS = 15.0
# The connect and send timeouts of a publish. A write waits on a broker that
# is down for a few of these at most (one retry), and then not at all for
# PUBLISH_PAUSE_SECONDS: readers are served by the log poll meanwhile.
PUBLISH_TIMEOUT_SECONDS = 0.5
PUBLISH_PAUSE_SECONDS = 5.0


def encode(source: str, key: str, seq: int) -> str:
    return f"{source} {key} {seq}"


def decode(payload: str | bytes) -> tuple[str, str, int] | None:
    """(source, key, seq) from "source key seq", or None if malformed."""
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", "replace")
    source, _, rest = payload.partition(" ")
    key, _, seq = rest.rpartition(" ")
    if not source or not key or not seq.isdigit():
        return None
    return source, key, int(seq)


class Broker:
    """The interface, and the reconnect loop every listening broker shares.

    To add a broker, subclass this: set `name`, write `publish()` and
    `listen()`, and add it to `build()`. RedisBroker is the one to copy."""

    name = ""
    listens = True  # False: nothing to subscribe to; run() is never started
    # For /readyz: None until run() first tries, then whether it is subscribed.
    connected: bool | None = None

    def describe(self) -> str:
        """One line for `manage.py serve`, with no secrets in it."""
        return self.name

    def publish(self, source: str, key: str, seq: int) -> None:
        """Say "stream (source, key) is at seq" to every process. Called in
        the writing thread after commit; must not raise."""

    async def listen(self, wake, ready) -> None:
        """Connect and subscribe, `await ready()` once subscribed, then call
        `wake(source, key, seq)` for every message. Return or raise when the
        connection is lost; run() calls listen() again after a pause."""
        raise NotImplementedError

    async def run(self, hub) -> None:
        """Listen for the life of the process, reconnecting with backoff."""
        delay = RECONNECT_MIN_SECONDS
        lost = False

        async def ready():
            nonlocal delay, lost
            if lost:
                log.info("realtime: %s broker reconnected", self.name)
            delay, lost = RECONNECT_MIN_SECONDS, False
            self.connected = True
            # Subscribed first, then the heads re-read: anything published
            # while we were away (or before we first connected) is in the log
            # and is found here, not at the next poll.
            try:
                await hub.poll_once()
            except Exception:
                log.exception("realtime: re-reading heads after the %s broker connected failed", self.name)

        while True:
            try:
                await self.listen(hub.wake, ready)
                error = "connection closed"
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            # Loud once per outage; each further attempt only at debug level,
            # so a long outage does not flood the log.
            log.log(
                logging.DEBUG if lost else logging.WARNING,
                "realtime: %s broker unavailable (%s); retrying in %.1f s. "
                "Readers are served by the log poll meanwhile.",
                self.name, error, delay,
            )
            lost = True
            self.connected = False
            # Jitter, so that the workers of a fleet do not reconnect in step.
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, RECONNECT_MAX_SECONDS)


class InProcessBroker(Broker):
    """No messages between processes. The hub always wakes itself for writes
    made in its own process; other processes rely on their log poll."""

    name = "inprocess"
    listens = False

    def describe(self) -> str:
        return "inprocess (a write wakes its own process; other processes find it by polling the log)"


class _PublishPause:
    """After a failed publish, skip publishing for a while, so that a dead
    broker costs one short timeout per pause, not one per write. Logs the
    first failure of an outage and the recovery, not every write between."""

    def __init__(self, name: str):
        self.name = name
        self.until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def failed(self, exc: Exception) -> None:
        if not self.until:
            log.warning(
                "realtime: publishing to the %s broker failed (%s); other processes will find new events "
                "by polling the log. Trying again in %g s.",
                self.name, exc, PUBLISH_PAUSE_SECONDS,
            )
        self.until = time.monotonic() + PUBLISH_PAUSE_SECONDS

    def succeeded(self) -> None:
        if self.until:
            log.info("realtime: publishing to the %s broker works again", self.name)
            self.until = 0.0


class PostgresBroker(Broker):
    """LISTEN/NOTIFY on Newsline's own PostgreSQL database.

    NOTIFY goes through Django's connection in the writing thread. LISTEN
    needs a session of its own that stays open: one dedicated psycopg async
    connection per server process, built from DATABASES["default"]. A
    transaction pooler (PgBouncer in transaction mode) cannot hold a LISTEN:
    point DATABASE_URL at PostgreSQL itself or at a session-mode pool."""

    name = "postgres"

    # Keys of DATABASES[...]["OPTIONS"] that are Django's or psycopg's, not libpq
    # connection parameters.
    _NOT_LIBPQ = {
        "pool",
        "isolation_level",
        "server_side_binding",
        "assume_role",
        "cursor_factory",
        "context",
        "prepare_threshold",
    }

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self.pause = _PublishPause(self.name)

    def describe(self) -> str:
        db = settings.DATABASES[self.alias]
        where = f"database {db.get('NAME')} at {db.get('HOST') or 'localhost'}"
        return f"postgres (LISTEN/NOTIFY on channel {CHANNEL}, {where})"

    def publish(self, source, key, seq):
        from django.db import connections

        if self.pause.active():
            return
        try:
            with connections[self.alias].cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, encode(source, key, seq)])
        except Exception as exc:
            self.pause.failed(exc)
        else:
            self.pause.succeeded()

    def conninfo(self) -> dict:
        from django.db import connections

        # The live settings: under tests NAME is the test database by now.
        s = connections[self.alias].settings_dict
        params = {
            k: v
            for k, v in (s.get("OPTIONS") or {}).items()
            if k not in self._NOT_LIBPQ and isinstance(v, (str, int))
        }
        params.update(
            {
                k: v
                for k, v in {
                    "dbname": s.get("NAME"),
                    "user": s.get("USER"),
                    "password": s.get("PASSWORD"),
                    "host": s.get("HOST"),
                    "port": str(s["PORT"]) if s.get("PORT") else None,
                }.items()
                if v
            }
        )
        params.setdefault("connect_timeout", 5)
        params.setdefault("application_name", "newsline-realtime")
        # TCP keepalives: a listener whose peer vanished is noticed by the kernel.
        params.setdefault("keepalives", 1)
        params.setdefault("keepalives_idle", 30)
        params.setdefault("keepalives_interval", 10)
        params.setdefault("keepalives_count", 3)
        return params

    async def listen(self, wake, ready):
        import psycopg

        conn = await psycopg.AsyncConnection.connect(autocommit=True, **self.conninfo())
        try:
            await conn.execute(f"LISTEN {CHANNEL}")
            await ready()
            while True:
                async for notify in conn.notifies(timeout=HEALTH_CHECK_SECONDS):
                    message = decode(notify.payload)
                    if message:
                        wake(*message)
                # Quiet for a while: prove the session is still there.
                # Notifications that arrive meanwhile wait in psycopg's backlog.
                await conn.execute("SELECT 1")
        finally:
            await conn.close()


class RedisBroker(Broker):
    """Redis pub/sub. Publishing uses one synchronous client per process
    (thread-safe, pooled) with short timeouts; listening uses redis-py's
    asyncio client on the hub's loop. Pub/sub ignores the database number in
    the URL: sites sharing one Redis hear each other's wake-ups, which costs a
    head read at most and loses nothing."""

    name = "redis"

    def __init__(self, url: str):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self.url = url
        self.pause = _PublishPause(self.name)
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PUBLISH_TIMEOUT_SECONDS,
            socket_timeout=PUBLISH_TIMEOUT_SECONDS,
            # One retry on a fresh connection covers a pooled connection
            # that Redis closed (a restart); more would hold up the writer.
            retry=Retry(NoBackoff(), 1),
        )

    def describe(self) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        where = f"{parts.hostname}:{parts.port or 6379}" if parts.hostname else parts.path
        return f"redis (pub/sub on channel {CHANNEL} at {where})"

    def publish(self, source, key, seq):
        if self.pause.active():
            return
        try:
            self.client.publish(CHANNEL, encode(source, key, seq))
        except Exception as exc:
            self.pause.failed(exc)
        else:
            self.pause.succeeded()

    async def listen(self, wake, ready):
        import redis.asyncio
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.asyncio.Redis.from_url(
            self.url,
            socket_connect_timeout=5,
            socket_timeout=5,
            socket_keepalive=True,
            client_name="newsline-realtime",
            # No silent reconnects inside redis-py: after a reconnect the
            # heads must be re-read, so every loss has to reach run().
            retry=Retry(NoBackoff(), 0),
        )
        pubsub = client.pubsub()
        try:
            await pubsub.subscribe(CHANNEL)
            # Wait for Redis to confirm the subscription before re-reading
            # heads, so nothing falls between the two.
            while True:
                message = await pubsub.get_message(timeout=5)
                if message is None:
                    raise ConnectionError("no reply to SUBSCRIBE")
                if message["type"] == "subscribe":
                    break
            await ready()
            while True:
                message = await pubsub.get_message(timeout=HEALTH_CHECK_SECONDS)
                if message is None:
                    # Quiet for a while: prove the link is still there.
                    await pubsub.ping()
                elif message["type"] == "message":
                    decoded = decode(message["data"])
                    if decoded:
                        wake(*decoded)
        finally:
            try:
                await pubsub.aclose()
                await client.aclose()
            except Exception:  # closing a dead link may fail too; it is gone either way
                pass


def build(name: str) -> Broker:
    """The broker called `name`, configured from settings."""
    if name == "inprocess":
        return InProcessBroker()
    if name == "postgres":
        return PostgresBroker()
    if name == "redis":
        return RedisBroker(settings.REDIS_URL)
    raise ValueError(f"unknown realtime broker {name!r}; expected one of {', '.join(NAMES)}")


_broker: Broker | None = None


def get_broker() -> Broker:
    """This process's broker, as chosen by REALTIME_BROKER (resolved in settings)."""
    global _broker
    if _broker is None:
        use(build(settings.REALTIME_BROKER))
    return _broker


def use(broker: Broker) -> Broker | None:
    """Make `broker` this process's broker: its publish() becomes the
    after-commit listener in place of the previous one, which is returned.
    Called at start-up (realtime.apps) and by tests. A hub already running
    keeps listening to the broker it started with."""
    global _broker
    previous = _broker
    if previous is not None:
        remove_listener(previous.publish)
    _broker = broker
    if type(broker).publish is not Broker.publish:
        add_listener(broker.publish)
    return previous
