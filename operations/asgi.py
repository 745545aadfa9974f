"""The outermost ASGI layer (wrapped around newsline.asgi.application):
a request id for every request (the proxy's X-Request-ID when well formed,
else a new one), echoed in the response and set for logs; one access log
line per request; HTTP rate and latency by route group for Prometheus.

Everything served by the process passes here: the fast lane, static files
and Django."""

import logging
import time

from django.conf import settings
from prometheus_client import Counter, Histogram

from operations.context import accept_request_id, request_id

access_log = logging.getLogger("newsline.access")

REQUESTS = Counter("newsline_http_requests", "HTTP responses by route group and status code", ["group", "status"])
LATENCY = Histogram(
    "newsline_http_request_duration_seconds",
    "Time to the end of the response by route group (streams are left out: they last minutes)",
    ["group"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
STREAMS = "stream"

# Route groups: a handful of labels, never one per URL.
_PREFIXES = [
    ("/static/", "static"),
    ("/desk/", "desk"),
    ("/admin/", "admin"),
    ("/api/", "api"),
    ("/accounts/", "accounts"),
    ("/healthz", "ops"),
    ("/readyz", "ops"),
    ("/metrics", "ops"),
    ("/me", "me"),
]


def route_group(path: str) -> str:
    if path.startswith("/live/"):
        tail = path[6:].partition("/")[2]
        if tail == "events":
            return STREAMS
        if tail == "updates":
            return "updates"
        if tail == "":
            return "reader_page"
        return "reader_other"
    for prefix, group in _PREFIXES:
        if path.startswith(prefix):
            return group
    return "other"


def observe(app):
    """Wrap an ASGI application."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        rid = None
        for key, value in scope["headers"]:
            if key == b"x-request-id":
                rid = value
                break
        rid = accept_request_id(rid)
        token = request_id.set(rid)
        rid_bytes = rid.encode()
        # Django sees the same id in request.META["HTTP_X_REQUEST_ID"].
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"x-request-id"] + [(b"x-request-id", rid_bytes)]
        began = time.perf_counter()
        status = 0
        sent = 0

        async def send_observed(message):
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), (b"x-request-id", rid_bytes)]}
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            await app(scope, receive, send_observed)
        finally:
            elapsed = time.perf_counter() - began
            group = route_group(scope["path"])
            REQUESTS.labels(group, str(status or 500)).inc()
            if group != STREAMS:
                LATENCY.labels(group).observe(elapsed)
            if getattr(settings, "ACCESS_LOG", True):
                access_log.info(
                    "%s %s %s",
                    scope["method"], scope["path"], status,
                    # The path only: query strings may carry tokens.
                    extra={
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "bytes": sent,
                        "group": group,
                        "client": (scope.get("client") or ("", 0))[0],
                    },
                )
            request_id.reset(token)

    return wrapped
