"""Staff two-factor in a real browser (Chromium through Playwright): an
editor signs in, is sent to set up an authenticator, enrols with the key the
page shows, reaches the desk; signs out, and signs in again with a code.
pytest-django's threaded live server runs in this process, so the test turns
STAFF_REQUIRE_2FA on with the settings fixture."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.test_staff_two_factor import totp_code
from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(browser_page, settings):
    settings.STAFF_REQUIRE_2FA = True
    return browser_page


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
