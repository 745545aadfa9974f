"""A partner's page with the one-line embed, in a real browser against the
real server: the frame appears, sizes itself and shows new posts live."""

import re

import pytest
from playwright.sync_api import expect

# `new_page`: the session's one Playwright and Chromium (conftest.py).

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def partner_site(asgi_server, other_origin):
    """partner_site(slug) -> the URL of a page on another origin that embeds the blog."""

    def make(slug, extra=""):
        return other_origin(
            "<!doctype html><html><head><meta charset='utf-8'><title>Partner</title></head><body>"
            "<h1>The Valley Gazette</h1><p>Our partner's live coverage:</p>"
            f'<script src="{asgi_server.url}/static/distribution/embed.js" '
            f'data-newsline-blog="{slug}" {extra} async></script>'
            "<p>After the embed.</p></body></html>"
        )

    return make


def test_it_shows_new_posts_live_inside_a_partner_page(asgi_server, partner_site, unique_blog, publish, new_page):
    publish(unique_blog, headline="Already there")
    page = new_page()
    page.goto(partner_site(unique_blog.slug))
    frame = page.frame_locator("iframe[data-newsline-frame]")
    expect(frame.locator("article[data-post]")).to_have_count(1)
    expect(frame.get_by_role("link", name="Read more on")).to_be_visible()
    # The frame grows to its content (no fixed height given).
    page.wait_for_function("document.querySelector('iframe[data-newsline-frame]').style.height !== '600px'")

    publish(unique_blog, headline="River bursts its banks")
    expect(frame.locator("article[data-post]").first).to_contain_text("River bursts its banks")
    expect(page.get_by_text("After the embed.")).to_be_visible()


def test_it_keeps_a_fixed_height_and_a_theme_when_asked(asgi_server, partner_site, unique_blog, new_page):
    page = new_page()
    page.goto(partner_site(unique_blog.slug, extra='data-height="420" data-theme="dark"'))
    iframe = page.locator("iframe[data-newsline-frame]")
    expect(iframe).to_have_attribute("src", f"{asgi_server.url}/embed/{unique_blog.slug}/?theme=dark")
    expect(page.frame_locator("iframe[data-newsline-frame]").locator("html")).to_have_attribute("data-theme", "dark")
    assert iframe.evaluate("el => el.style.height") == "420px"


def test_it_embeds_a_blog_in_the_blogs_language_and_names_the_frame(asgi_server, partner_site, unique_blog, new_page):
    unique_blog.language = "uk"
    unique_blog.save(update_fields=["language"])
    page = new_page()
    page.goto(partner_site(unique_blog.slug, 'data-height="500"'))
    frame = page.frame_locator("iframe[data-newsline-frame]")
    expect(frame.locator("html")).to_have_attribute("lang", "uk")
    from django.utils import translation

    with translation.override("uk"):  # one translation project-wide, whichever app's catalogue gives it
        empty = translation.gettext("No updates yet. New posts will appear here.")
    assert empty != "No updates yet. New posts will appear here."
    expect(frame.locator("[data-empty]")).to_have_text(empty)
    expect(frame.get_by_role("link", name="Читати більше на")).to_be_visible()
    # The frame names itself for screen readers once loaded: its headline, even at a fixed height.
    expect(page.locator("iframe[data-newsline-frame]")).to_have_attribute(
        "title", re.compile(rf"^{re.escape(unique_blog.headline)} \| "))
    expect(page.locator("iframe[data-newsline-frame]")).to_have_css("height", "500px")
