"""Membership (membership/): the newcomer's path in a real browser, in test mode: join Premium, save a
story, find it on the Saved page, cancel in the portal, see the lapsed state."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_it_joins_saves_cancels_and_lapses_in_test_mode(asgi_server, unique_blog, publish, member, new_page, settings):
    settings.STRIPE_SECRET_KEY = ""
    blog = unique_blog
    for n in range(4):
        publish(blog, headline=f"Update {n}")
    page = signed_in_page(new_page, asgi_server, member)

    # Not a member yet: the button offers Premium.
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_text("Subscribe to Premium to bookmark this story")).to_be_visible()
    page.get_by_role("link", name="Join Premium").click()

    # Join in test mode.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Premium")
    page.get_by_role("button", name="Join Premium").click()
    expect(page.get_by_role("heading", name="Test-mode checkout")).to_be_visible()
    page.get_by_role("button", name="Pay £5 (test)").click()
    expect(page.get_by_text("We are confirming your payment")).to_be_visible()
    run_worker()  # the webhook job: only now is Premium granted
    expect(page.get_by_text("Your Premium membership is active")).to_be_visible()  # the page refreshes itself

    # Save the story in one click.
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    save = page.get_by_role("button", name="Save for later")
    save.click()
    expect(page.get_by_role("button", name="Saved ✓")).to_have_attribute("aria-pressed", "true")
    # Members see no appeal, and find their saved stories from the account slot.
    expect(page.locator("[data-appeal]:visible")).to_have_count(0)
    slot = page.locator("[data-account]")
    expect(slot.get_by_role("link", name="Saved", exact=True)).to_have_attribute("href", "/saved/")
    expect(slot.get_by_role("link", name="Membership", exact=True)).to_have_attribute("href", "/membership/")
    # And a single post, from its own button.
    post_save = page.locator("article[data-post]", has_text="Update 2").get_by_role("button", name="Save")
    post_save.click()
    expect(post_save).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="See your saved stories").click()
    expect(page.get_by_role("heading", name=blog.headline)).to_be_visible()
    expect(page.get_by_role("heading", name="Update 2")).to_be_visible()
    story = page.locator("[data-saved-item]", has=page.get_by_role("heading", name=blog.headline))
    expect(story).to_contain_text("Live")
    publish(blog, headline="After saving")
    page.reload()
    expect(story).to_contain_text("1 new update since you saved")

    # Cancel in the (test-mode) portal.
    page.goto(f"{asgi_server.url}/membership/")
    page.get_by_role("button", name="Manage or cancel").click()
    expect(page.get_by_role("heading", name="Test-mode customer portal")).to_be_visible()
    page.get_by_role("button", name="Cancel now").click()
    expect(page.locator("[data-portal-status]")).to_have_text("Cancelled")
    run_worker()

    page.goto(f"{asgi_server.url}/membership/")
    expect(page.locator("[data-membership-status]")).to_have_attribute("data-membership-status", "lapsed")
    # Lapsed: what was saved stays readable; nothing more can be saved.
    page.goto(f"{asgi_server.url}/saved/")
    expect(page.get_by_role("heading", name=blog.headline)).to_be_visible()
    expect(page.get_by_text("Your Premium membership has lapsed")).to_be_visible()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.get_by_role("button", name="Save for later").click()
    expect(page.get_by_text("Your Premium membership has lapsed")).to_be_visible()
    page.screenshot(path="/tmp/membership-lapsed.png", full_page=True)


def test_it_shows_the_appeal_after_the_first_posts_and_at_the_end(asgi_server, unique_blog, publish, new_page):
    for n in range(5):
        publish(unique_blog, headline=f"Update {n}")
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    appeals = page.locator("[data-appeal]:visible")  # an aside in the timeline, a section at the end
    expect(appeals).to_have_count(2)
    third = page.locator("[data-posts] > article[data-post]").nth(2)
    expect(third.locator("xpath=following-sibling::*[1]")).to_have_attribute("data-appeal", "")
    default = appeals.first.locator(".ladder__step--default")
    expect(default).to_contain_text("10")
    appeals.first.get_by_label("One-off").check()
    appeals.first.get_by_role("button", name="Support us").click()
    expect(page.get_by_role("button", name="Continue to secure payment")).to_be_visible()
    assert "frequency=one_off" in page.url
    page.screenshot(path="/tmp/membership-support.png", full_page=True)
