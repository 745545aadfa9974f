"""Structured logs: one JSON object per line, with the request id, and a
filter that keeps secrets and personal data out of them.

LOGGING in settings uses JsonFormatter and RedactFilter on the console
handler (LOG_FORMAT=text switches to plain lines for development)."""

import datetime
import json
import logging
import re

from operations.context import request_id

# Standard LogRecord attributes; anything else passed with extra={...} is
# written as a field of its own.
_RESERVED = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

# Field names whose values never reach a log, whatever their content.
SECRET_FIELDS = re.compile(
    r"pass(word)?|secret|token|api[_-]?key|authori[sz]ation|cookie|session|csrf|email|body|comment|text|signature",
    re.I,
)
_REDACTED = "[redacted]"
# Patterns scrubbed from free text (messages, exception text).
_SCRUB = [
    # e-mail addresses
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[email]"),
    # bearer tokens and basic credentials in headers
    (re.compile(r"(?i)\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{6,}"), r"\1 [redacted]"),
    # key=value pairs naming a secret (query strings, form bodies, DSNs' repr)
    (
        re.compile(r"(?i)\b(password|passwd|pwd|secret|token|api_key|apikey|access_token|csrfmiddlewaretoken|sessionid|key)=([^&\s\"']+)"),
        r"\1=[redacted]",
    ),
    # a draft blog's share link (/preview/<signed token>/) works for days
    (re.compile(r"/preview/[^/\s?#\"']+"), "/preview/[redacted]"),
    # passwords inside URLs: scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+):[^@\s]+@"), r"\1:[redacted]@"),
]


def scrub(text: str) -> str:
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


def _clean(key: str, value):
    if SECRET_FIELDS.search(key):
        return _REDACTED
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _clean(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(key, v) for v in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return scrub(str(value))


class RedactFilter(logging.Filter):
    """Scrubs every record before any handler formats it: the message (with
    its arguments), extra fields named like secrets, and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.__dict__.get("_scrubbed"):
            # Made of fixed fields by code that scrubbed the free ones itself
            # (the access line, once per request): nothing left to clean.
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what we have
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        for key in list(vars(record)):
            if key not in _RESERVED and not key.startswith("_"):
                setattr(record, key, _clean(key, getattr(record, key)))
        if record.exc_info and not record.exc_text:
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        # Django's request logger attaches the request object itself.
        if hasattr(record, "request"):
            record.request = _REDACTED
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_") and key not in entry and value is not None:
                entry[key] = value if isinstance(value, (str, int, float, bool, list, dict)) else str(value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
