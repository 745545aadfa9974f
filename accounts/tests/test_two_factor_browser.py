"""Staff two-factor in a real browser (Chromium through Playwright): an
editor signs in, is sent to set up an authenticator, enrols with the key the
page shows, reaches the desk; signs out, and signs in again with a code.
pytest-django's threaded live server runs in this process, so the test turns
STAFF_REQUIRE_2FA on with the settings fixture."""

import os
import re
import shutil

import pytest

from accounts.tests.test_staff_two_factor import totp_code
from conftest import PASSWORD

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM and os.environ.get("CI") != "true":
    pytest.skip("Chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(live_server, monkeypatch, settings):
    settings.STAFF_REQUIRE_2FA = True
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()


def _password_step(page, live_server):
    page.goto(f"{live_server.url}/desk/login/")
    page.get_by_label("Username or email").fill("eddie")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_enrols_an_editor_and_then_signs_them_in_with_a_code(page, live_server, editor):
    _password_step(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_text("Newsroom accounts need two-factor sign-in.")).to_be_visible()
    secret = page.locator("[data-totp-secret]").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    page.get_by_role("link", name="Continue to the desk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("desk", ignore_case=True)

    page.get_by_role("button", name="Sign out").click()
    _password_step(page, live_server)
    expect(page.get_by_label("Code")).to_be_visible()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("desk", ignore_case=True)
