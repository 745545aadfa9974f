"""A page that breaks the Content-Security-Policy, in a real browser: the
inline script does not run, and Chromium's report reaches /csp-report,
which logs one line naming the directive and counts it in /metrics."""

import logging
import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.browser.csp_violation_urls")]


def counted(client) -> float:
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    m = re.search(r'^newsline_csp_violations_total{directive="script-src-elem"} (\S+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def test_it_receives_the_browsers_report_of_a_blocked_inline_script(live_server, new_page, client, caplog):
    before = counted(client)
    page = new_page()
    with caplog.at_level(logging.INFO, logger="newsline.csp"):
        page.goto(f"{live_server.url}/test/csp-violation/")
        expect(page.locator("#state")).to_have_text("blocked")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not [r for r in caplog.records if r.name == "newsline.csp"]:
            time.sleep(0.2)
    [record] = [r for r in caplog.records if r.name == "newsline.csp"]
    assert record.directive == "script-src-elem"
    assert record.blocked_uri == "inline"
    assert record.document_uri == f"{live_server.url}/test/csp-violation/"
    assert counted(client) == before + 1
