"""POST /csp-report: browsers' Content-Security-Policy violation reports,
in the Reporting API's format and the older report-uri one. Each violation
is one JSON log line (directive, blocked URL without its query) and a count
in /metrics; the endpoint needs no cookie or CSRF token, sets none, caps
the body and limits reports per address."""

import json
import logging
import re

import pytest
from django.core.cache import cache
from django.test import Client

from operations import csp_reports
from operations.jsonlog import JsonFormatter, RedactFilter, RequestIdFilter

pytestmark = pytest.mark.django_db

URL = "/csp-report"

REPORT_URI_BODY = {
    "csp-report": {
        "document-uri": "https://live.example.org/live/storm/?utm_source=x",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; report-uri /csp-report",
        "disposition": "enforce",
        "blocked-uri": "https://evil.example.net/steal.js?session=abc123",
        "line-number": 14,
        "source-file": "https://live.example.org/live/storm/",
        "status-code": 200,
        "script-sample": "secret words typed by someone",
    }
}


def reporting_api(*bodies):
    return [{"type": "csp-violation", "age": 3, "url": "https://live.example.org/desk/", "user_agent": "x", "body": b}
            for b in bodies]


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def send(client, payload, content_type="application/csp-report", **extra):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.generic("POST", URL, body, content_type=content_type, **extra)


def lines(caplog) -> list[dict]:
    """The log lines as the console handler writes them (JSON, filtered)."""
    out = []
    for record in caplog.records:
        if record.name != "newsline.csp":
            continue
        for f in (RequestIdFilter(), RedactFilter()):
            f.filter(record)
        out.append(json.loads(JsonFormatter().format(record)))
    return out


def counted(client, directive) -> float:
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    m = re.search(rf'^newsline_csp_violations_total{{directive="{re.escape(directive)}"}} (\S+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def test_it_logs_a_report_uri_violation_as_one_json_line_and_counts_it(client, caplog):
    before = counted(client, "script-src-elem")
    with caplog.at_level(logging.INFO):
        r = send(client, REPORT_URI_BODY)
    assert r.status_code == 204
    [line] = lines(caplog)
    assert line["level"] == "warning"
    assert line["directive"] == "script-src-elem"
    # No query string: it may carry a token.
    assert line["blocked_uri"] == "https://evil.example.net/steal.js"
    assert line["document_uri"] == "https://live.example.org/live/storm/"
    assert line["line"] == 14
    assert "abc123" not in json.dumps(line) and "secret words" not in json.dumps(line)
    assert counted(client, "script-src-elem") == before + 1


def test_it_logs_each_violation_of_a_reporting_api_batch(client, caplog):
    before = counted(client, "img-src"), counted(client, "style-src-attr")
    body = reporting_api(
        {"documentURL": "https://live.example.org/desk/", "blockedURL": "http://cdn.example.com/a.png",
         "effectiveDirective": "img-src", "disposition": "enforce", "lineNumber": 3},
        {"documentURL": "https://live.example.org/desk/", "blockedURL": "inline",
         "effectiveDirective": "style-src-attr", "disposition": "enforce", "sample": "color: red"},
    )
    with caplog.at_level(logging.INFO):
        r = send(client, body, content_type="application/reports+json")
    assert r.status_code == 204
    assert [(line["directive"], line["blocked_uri"]) for line in lines(caplog)] == [
        ("img-src", "http://cdn.example.com/a.png"), ("style-src-attr", "inline"),
    ]
    assert (counted(client, "img-src"), counted(client, "style-src-attr")) == (before[0] + 1, before[1] + 1)


def test_it_counts_a_made_up_directive_as_other(client):
    before = counted(client, "other")
    body = reporting_api({"effectiveDirective": "x-" + "a" * 30, "blockedURL": "inline"})
    assert send(client, body, content_type="application/reports+json").status_code == 204
    assert counted(client, "other") == before + 1
    assert 'directive="x-' not in client.get("/metrics").content.decode()


def test_it_needs_no_cookie_or_csrf_token_and_sets_none():
    browser = Client(enforce_csrf_checks=True)
    r = send(browser, REPORT_URI_BODY)
    assert r.status_code == 204
    assert "Set-Cookie" not in r.headers and not r.cookies


def test_it_refuses_a_body_over_the_cap_and_logs_nothing(client, caplog):
    big = {"csp-report": {**REPORT_URI_BODY["csp-report"], "script-sample": "x" * csp_reports.MAX_BODY_BYTES}}
    with caplog.at_level(logging.INFO):
        assert send(client, big).status_code == 413
    assert lines(caplog) == []


def test_it_refuses_what_is_not_a_report(client, caplog):
    with caplog.at_level(logging.INFO):
        assert send(client, b"{not json").status_code == 400
        assert send(client, {"hello": "world"}).status_code == 400
        assert (
            send(client, [{"type": "deprecation", "body": {}}], content_type="application/reports+json").status_code
            == 400
        )
    assert lines(caplog) == []
    assert client.get(URL).status_code == 405


def test_it_limits_reports_per_address(client, caplog):
    for _ in range(csp_reports.PER_ADDRESS_PER_MINUTE):
        assert send(client, REPORT_URI_BODY, REMOTE_ADDR="192.0.2.7").status_code == 204
    caplog.clear()
    with caplog.at_level(logging.INFO):
        assert send(client, REPORT_URI_BODY, REMOTE_ADDR="192.0.2.7").status_code == 429
    assert lines(caplog) == []
    # Another address is counted on its own.
    assert send(client, REPORT_URI_BODY, REMOTE_ADDR="192.0.2.8").status_code == 204


def test_it_names_the_endpoint_in_every_pages_policy(client, blog):
    for path in ("/live/storm/", "/accounts/login/", "/embed/storm/"):
        r = client.get(path)
        csp = r.headers["Content-Security-Policy"]
        assert "report-uri /csp-report" in csp, path
