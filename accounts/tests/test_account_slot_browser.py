"""The reader site's account slot, filled by accounts/static/accounts/account.js
from the newsline:me event (the page itself is the same for everyone)."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_offers_sign_in_then_shows_the_reader_back_on_the_same_page(browser_page, live_server, reader):
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    page = browser_page
    page.goto(f"{live_server.url}/")
    slot = page.locator("[data-account]")
    expect(slot.get_by_role("link", name="Create account")).to_have_attribute("href", "/accounts/signup/?next=%2F")
    slot.get_by_role("link", name="Sign in").click()

    page.get_by_label("Username or email").fill("rosa@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(slot).to_contain_text("Signed in as Rosa Reader")
    expect(slot.get_by_role("link", name="Your account")).to_have_attribute("href", "/accounts/profile/")
