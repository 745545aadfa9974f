"""The compose form in a real browser (Chromium through Playwright): the
rich-text editor's accessible name, Ctrl+Enter and the draft saved on this
device. pytest-django's threaded live server is enough: the desk does not
stream."""

import os
import shutil

import pytest

from liveblogs.models import Post
from tests.browser.helpers import sign_in

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM and os.environ.get("CI") != "true":
    pytest.skip("Chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.django_db(transaction=True)

DRAFT_KEY = "newsline:desk:draft:storm"


@pytest.fixture
def page(live_server, new_page):
    # The session's one Playwright and Chromium (conftest.py).
    return new_page()


def _sign_in(page, live_server, username):
    sign_in(page, live_server, username, next="/desk/blogs/storm/")


def _wait_for_desk_js(page):
    page.locator("html[data-desk-ready]").wait_for(state="attached")


def test_it_gives_the_editor_the_name_body_and_publishes_on_ctrl_enter(page, live_server, editor, blog):
    _sign_in(page, live_server, "eddie")
    body = page.get_by_role("textbox", name="Body")
    body.wait_for()
    page.get_by_label("Headline").fill("Ferry services suspended")
    body.click()
    page.keyboard.type("All crossings are cancelled until noon.")
    page.keyboard.press("Control+Enter")
    playwright_api.expect(page.locator(".message--success")).to_have_text("Published.")
    _wait_for_desk_js(page)
    post = Post.objects.get()
    assert post.headline == "Ferry services suspended"
    assert post.body == "<p>All crossings are cancelled until noon.</p>"
    # An empty form is ready for the next post.
    playwright_api.expect(page.get_by_label("Headline")).to_have_value("")


def test_it_keeps_a_draft_on_this_device_until_published(page, live_server, reporter, blog):
    _sign_in(page, live_server, "rita")
    page.get_by_label("Headline").fill("Bridge closed")
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.type("Wind speeds over 70 mph.")
    playwright_api.expect(page.locator("[data-draft-status]")).to_contain_text("Draft saved on this device")

    # Leaving and coming back (a crash, a closed tab) brings the draft back.
    page.goto(f"{live_server.url}/desk/blogs/storm/")
    _wait_for_desk_js(page)
    playwright_api.expect(page.get_by_label("Headline")).to_have_value("Bridge closed")
    playwright_api.expect(page.get_by_role("textbox", name="Body")).to_have_text("Wind speeds over 70 mph.")
    playwright_api.expect(page.locator("[data-draft-status]")).to_contain_text("Draft restored")

    page.get_by_role("button", name="Publish").click()
    playwright_api.expect(page.locator(".message--success")).to_have_text("Published.")
    _wait_for_desk_js(page)
    assert page.evaluate(f"localStorage.getItem('{DRAFT_KEY}')") is None
    assert Post.objects.get().body == "<p>Wind speeds over 70 mph.</p>"

    page.goto(f"{live_server.url}/desk/blogs/storm/")
    _wait_for_desk_js(page)
    playwright_api.expect(page.get_by_label("Headline")).to_have_value("")


def test_it_shows_article_fields_only_for_an_article_card(page, live_server, editor, blog):
    _sign_in(page, live_server, "eddie")
    url = page.get_by_label("Article URL")
    playwright_api.expect(url).to_be_hidden()
    page.get_by_label("Article card", exact=True).check()
    playwright_api.expect(url).to_be_visible()


def test_it_keeps_the_text_after_a_validation_error(page, live_server, editor, blog):
    _sign_in(page, live_server, "eddie")
    page.get_by_role("group", name="Post type").get_by_label("Article card").check()
    page.get_by_label("Article author").fill("Jo Bloggs")
    page.get_by_role("button", name="Publish").click()
    playwright_api.expect(page.get_by_text("Add the article's headline.")).to_be_visible()
    playwright_api.expect(page.get_by_label("Article author")).to_have_value("Jo Bloggs")
    assert not Post.objects.exists()
