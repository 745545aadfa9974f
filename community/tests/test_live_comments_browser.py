"""In real browsers against the real ASGI server: a verified reader posts a
comment under the live blog and a second reader's open page offers it live
("1 new comment: show") without a reload."""

import os
import shutil

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from community.tests.conftest import verify

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser(monkeypatch):
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


def signed_in_page(browser, server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context()
    context.set_default_timeout(15_000)
    context.add_cookies([
        {"name": django_settings.SESSION_COOKIE_NAME, "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
         "url": server.url},
        {"name": "nl_signed_in", "value": "1", "url": server.url},
    ])
    return context.new_page()


def test_it_shows_a_new_comment_live_to_another_reader(asgi_server, unique_blog, reader, stranger, browser):
    from community import actions

    verify(reader)
    blog = unique_blog
    # An approved earlier comment, so the server's first-comment pre-moderation lets the next one through.
    actions.post_comment(blog=blog, by=reader, body="Watching from the hill.")
    watcher = browser.new_context().new_page()
    watcher.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(watcher.locator("[data-comments] article.comment")).to_have_count(1)
    watcher.evaluate("window.__sameDocument = true")

    writer = signed_in_page(browser, asgi_server, reader)
    writer.goto(f"{asgi_server.url}/live/{blog.slug}/")
    box = writer.get_by_label("Your comment")
    box.fill("The *river* is rising fast near the bridge.")
    writer.get_by_role("button", name="Post comment").click()
    mine = writer.locator("[data-comments] article.comment").first
    expect(mine).to_contain_text("The river is rising fast near the bridge.")
    expect(box).to_have_value("")

    show = watcher.get_by_role("button", name="1 new comment: show")
    expect(show).to_be_visible()
    show.click()
    card = watcher.locator("[data-comments] article.comment").first
    expect(card).to_contain_text("The river is rising fast near the bridge.")
    expect(card.locator("em")).to_have_text("river")
    expect(watcher.locator("[data-comment-total]")).to_have_text("(2)")
    assert watcher.evaluate("window.__sameDocument") is True
