"""The request id: one per request, carried in a context variable through
the fast lane, Django (sync views run in threads that copy the context) and
the jobs a request enqueues (operations/jobs.py)."""

import contextvars
import re
import secrets

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# What we accept from the proxy's X-Request-ID: short, and nothing that could
# break a log line or a header (no spaces, quotes or control characters).
_VALID = re.compile(r"[A-Za-z0-9._:@/+=-]{8,128}")


def new_request_id() -> str:
    return secrets.token_hex(16)


def accept_request_id(value: str | bytes | None) -> str:
    """The proxy's id when it is well formed, otherwise a fresh one."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if value and _VALID.fullmatch(value):
        return value
    return new_request_id()
