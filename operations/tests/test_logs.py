import json
import logging

import pytest

from operations.context import accept_request_id
from operations.jsonlog import JsonFormatter, RedactFilter, RequestIdFilter


def formatted(record_args: dict, msg: str, *args, exc_info=None) -> dict:
    record = logging.LogRecord("newsline.test", logging.INFO, __file__, 1, msg, args, exc_info)
    for key, value in record_args.items():
        setattr(record, key, value)
    for f in (RequestIdFilter(), RedactFilter()):
        f.filter(record)
    return json.loads(JsonFormatter().format(record))


def test_it_writes_one_json_object_per_line_with_level_logger_and_message():
    entry = formatted({}, "published %s", "post 7")
    assert entry["message"] == "published post 7"
    assert entry["level"] == "info"
    assert entry["logger"] == "newsline.test"


@pytest.mark.parametrize(
    "message, secret",
    [
        ("sign-in failed for rosa@example.org", "rosa@example.org"),
        ("POST /accounts/login/?password=hunter22&next=/", "hunter22"),
        ("calling stripe with Authorization: Bearer sk_live_abcdef123456", "sk_live_abcdef123456"),
        ("connecting to postgres://newsline:pa55word@db.internal/newsline", "pa55word"),
        ("webhook token=whsec_1234567890abc rejected", "whsec_1234567890abc"),
        ("GET /preview/eyJibG9nIjo0Mn0:1vA2bC:Xyz-_9/ 200", "eyJibG9nIjo0Mn0:1vA2bC:Xyz-_9"),
    ],
)
def test_it_scrubs_secrets_and_emails_from_messages(message, secret):
    entry = formatted({}, message)
    assert secret not in json.dumps(entry)


def test_it_drops_fields_named_like_secrets_or_personal_text():
    entry = formatted(
        {"password": "hunter22", "email": "rosa@example.org", "comment_body": "my private words",
         "api_token": "tok_123456789", "post_id": 7},
        "comment posted",
    )
    text = json.dumps(entry)
    for secret in ("hunter22", "rosa@example.org", "my private words", "tok_123456789"):
        assert secret not in text
    assert entry["post_id"] == 7


def test_it_scrubs_exception_text():
    try:
        raise ValueError("bad address mia@example.org")
    except ValueError:
        import sys

        entry = formatted({}, "failed", exc_info=sys.exc_info())
    assert "mia@example.org" not in entry["exception"]
    assert "ValueError" in entry["exception"]


def test_it_accepts_a_well_formed_request_id_from_the_proxy():
    assert accept_request_id(b"5f0c2a9e-1b7d-4c55-9a31-0e6f4b8d2c17") == "5f0c2a9e-1b7d-4c55-9a31-0e6f4b8d2c17"


@pytest.mark.parametrize("bad", [b"", b"short", b"has spaces in it", b'quote"inside-id', b"x" * 200, b"line\nbreak-id"])
def test_it_replaces_a_malformed_request_id(bad):
    rid = accept_request_id(bad)
    assert rid != bad.decode("latin-1")
    assert len(rid) == 32


def test_the_access_line_keeps_no_email_from_the_path_and_no_query_string(settings):
    """The access line is scrubbed where it is made (the redaction filter lets
    it through untouched, for speed): what it says must still be clean."""
    from operations.asgi import observe
    from tests.asyncio_thread import run_in_thread

    settings.ACCESS_LOG = True
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            for f in (RequestIdFilter(), RedactFilter()):
                f.filter(record)
            records.append(json.loads(JsonFormatter().format(record)))

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"no"})

    async def request():
        scope = {"type": "http", "method": "GET", "path": "/people/ann.lee@example.org/",
                 "query_string": b"token=s3cret", "headers": [], "scheme": "http"}

        async def receive():
            return {"type": "http.request", "body": b""}

        async def send(message):
            pass

        await observe(app)(scope, receive, send)

    access = logging.getLogger("newsline.access")
    handler = Keep()
    access.addHandler(handler)
    try:
        run_in_thread(request)
    finally:
        access.removeHandler(handler)
    [line] = records
    assert line["status"] == 404 and line["path"] == "/people/[email]/"
    text = json.dumps(line)
    assert "ann.lee@example.org" not in text and "s3cret" not in text
