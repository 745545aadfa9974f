"""The one ASGI application: the fast lane in front, Django behind it.

Readers' streams and catch-up requests never enter Django's request cycle;
everything else (reader pages, desk, admin) does."""

import asyncio
import gc
import logging
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

django_app = get_asgi_application()

from django.conf import settings  # noqa: E402
from servestatic.asgi import ServeStaticASGI  # noqa: E402

from liveblogs import beacon, events  # noqa: E402
from newsline.lib.env import env_bool, env_str  # noqa: E402
from operations.asgi import observe  # noqa: E402
from realtime.fastlane import FastLane  # noqa: E402
from votes import buffer as votes_buffer  # noqa: E402
from votes import fastlane as votes_lane  # noqa: E402

# Collected static files (manage.py collectstatic), served by the app itself
# so every ASGI server behaves the same; a proxy or CDN in front caches them.
# Hashed names (name.<12 hex>.ext, from collectstatic) never change content:
# a year and immutable; other names an hour.
static_app = ServeStaticASGI(
    None,
    root=settings.STATIC_ROOT,
    prefix=settings.STATIC_URL,
    max_age=3600,
    immutable_file_test=r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$",
)
STATIC_PREFIX = settings.STATIC_URL

# /desk/stream/<slug>/events: the desk's private presence stream (staff only, never cached).
fast_lane = FastLane({"/live/": "liveblog", "/desk/stream/": "desk"}, page_renderer=django_app)
log = logging.getLogger("newsline.asgi")
# At shutdown, how long the beacons still waiting for Redis (their address's
# limit, liveblogs.beacon.SharedLimit) may hold up the last analytics write.
BEACON_SETTLE_SECONDS = 2


def freeze_startup_objects():
    """Move everything alive after start-up (Django, the apps, the URL
    resolvers and templates: ~100,000 objects) out of the garbage
    collector's sight, once. They live as long as the process, and every
    full collection walked them again: on a stream node with 10,000 readers
    a full collection is a pause of the whole event loop, in the middle of
    a fan-out when one lands there. gc.freeze() after a collect is what
    the gc module documents for this (WEB_GC_FREEZE=off to leave it)."""
    if env_bool("WEB_GC_FREEZE", True):
        gc.collect()
        gc.freeze()
        log.info("froze %d start-up objects out of the garbage collector", gc.get_freeze_count())
    threshold = env_str("WEB_GC_THRESHOLD")  # e.g. "50000,20,20" (Python's default: 700,10,10)
    if threshold:
        gc.set_threshold(*(int(x) for x in threshold.split(",")))


async def route(scope, receive, send):
    if scope["type"] == "http":
        if scope["path"].startswith(STATIC_PREFIX):
            await static_app(scope, receive, send)
            return
        slug = beacon.match(scope)
        if slug is not None and fast_lane.host_allowed(dict(scope["headers"]).get(b"host", b"")):
            # The reader page's analytics beacon: counted in memory, never through Django.
            await beacon.app(scope, receive, send, slug)
            return
        matched = fast_lane.match(scope)
        if matched:
            await fast_lane(scope, receive, send, matched)
            return
        # The page script's anonymous votes and reactions (votes/fastlane.py);
        # anything else under /votes/ goes on to Django.
        voted = votes_lane.match(scope)
        if voted and fast_lane.host_allowed(dict(scope["headers"]).get(b"host", b"")):
            await votes_lane.handle(scope, receive, send, voted, django_app)
            return
        await django_app(scope, receive, send)
    elif scope["type"] == "lifespan":
        # Django does not speak lifespan; the hub starts on first use.
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # What the process's first post would otherwise load after
                # its event's `at` (the URLconf, the payload's templates).
                # Before the freeze, so that is frozen too; in a thread, as a
                # request's view would import its modules.
                await asyncio.get_running_loop().run_in_executor(None, events.warm_up)
                freeze_startup_objects()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # The server has closed its connections; a request still
                # running in a thread finishes before the process exits.
                log.info("server process stopping: connections closed")
                # Votes the fast lane accepted and has not written yet.
                left = await asyncio.get_running_loop().run_in_executor(None, votes_buffer.drain)
                if left:
                    log.error("votes: %d accepted vote(s) lost at shutdown", left)
                # Page views and shares counted since the last write (liveblogs.beacon),
                # with the beacons still waiting for Redis's word on their limit counted first.
                try:
                    await asyncio.wait_for(beacon.limit.settled(), BEACON_SETTLE_SECONDS)
                except TimeoutError:
                    log.warning(
                        "analytics: Redis did not answer within %g s at shutdown: "
                        "the beacons waiting for it are not counted",
                        BEACON_SETTLE_SECONDS,
                    )
                try:
                    await asyncio.get_running_loop().run_in_executor(None, beacon.flush_now)
                except Exception:
                    log.exception("analytics: the counts of the last seconds could not be written at shutdown")
                await send({"type": "lifespan.shutdown.complete"})
                return


# Request ids, the access log and HTTP metrics around everything.
application = observe(route)
