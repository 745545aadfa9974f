"""The outermost ASGI layer (wrapped around newsline.asgi.application):
a request id for every request (the proxy's X-Request-ID when well formed,
else a new one), echoed in the response and set for logs; one access log
line per request; HTTP rate and latency by route group for Prometheus;
the security headers Django's middleware gives its own responses, on the
responses that never enter Django (the fast lane's streams, catch-up and
errors; static files).

Everything served by the process passes here: the fast lane, static files
and Django."""

import logging
import time

from django.conf import settings
from prometheus_client import Counter, Histogram

from operations.context import accept_request_id, request_id
from operations.jsonlog import scrub

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


def _hsts() -> bytes | None:
    seconds = settings.SECURE_HSTS_SECONDS
    if not seconds:
        return None
    value = f"max-age={seconds}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value.encode()


def _is_secure(scope) -> bool:
    if scope.get("scheme") == "https":
        return True
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy:
        name = proxy[0].removeprefix("HTTP_").lower().replace("_", "-").encode()
        for key, value in scope["headers"]:
            if key == name:
                return value.split(b",")[0].strip().decode("latin-1") == proxy[1]
    return False


def security_headers(scope, headers) -> list:
    """Headers missing from a response that every response must carry."""
    have = {k.lower() for k, _ in headers}
    extra = []
    if b"x-content-type-options" not in have:
        extra.append((b"x-content-type-options", b"nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if b"referrer-policy" not in have and policy:
        policy = policy if isinstance(policy, str) else ",".join(policy)
        extra.append((b"referrer-policy", policy.encode()))
    if b"content-security-policy" not in have:
        # Nothing outside Django is a page; none of it may be framed either.
        extra.append((b"content-security-policy", b"frame-ancestors 'none'"))
    if b"strict-transport-security" not in have and _is_secure(scope):
        hsts = _hsts()
        if hsts:
            extra.append((b"strict-transport-security", hsts))
    return extra


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
        scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"x-request-id"] + [
            (b"x-request-id", rid_bytes)
        ]
        began = time.perf_counter()
        status = 0
        sent = 0

        def send_observed(message):
            # A plain function that returns the server's awaitable: a stream
            # writes through here once per reader per event, and a coroutine
            # of our own around each write cost a frame and a step more.
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.get("headers", ())
                message = {
                    **message,
                    "headers": [*headers, *security_headers(scope, headers), (b"x-request-id", rid_bytes)],
                }
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            return send(message)

        try:
            await app(scope, receive, send_observed)
        finally:
            elapsed = time.perf_counter() - began
            group = route_group(scope["path"])
            REQUESTS.labels(group, str(status or 500)).inc()
            if group != STREAMS:
                LATENCY.labels(group).observe(elapsed)
            if getattr(settings, "ACCESS_LOG", True):
                # The path only (query strings may carry tokens), scrubbed
                # here, so the redaction filter can pass the line as it is:
                # its other fields are numbers and names of our own.
                path = scrub(scope["path"])
                access_log.info(
                    "%s %s %s",
                    scope["method"], path, status,
                    extra={
                        "_scrubbed": True,
                        "method": scope["method"],
                        "path": path,
                        "status": status,
                        "duration_ms": round(elapsed * 1000, 2),
                        "bytes": sent,
                        "group": group,
                        "client": (scope.get("client") or ("", 0))[0],
                    },
                )
            request_id.reset(token)

    return wrapped
