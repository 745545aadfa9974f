"""The teaser on a front page of another origin, in a real browser against
the real server: the page includes teaser.js, which fetches the cacheable
JSON across origins (CORS) and shows a post published afterwards."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def front_page(asgi_server, other_origin):
    """front_page(slug) -> the URL of a plain page on a second local server that includes the teaser."""

    def make(slug):
        return other_origin(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>The Valley Gazette</title></head>"
            "<body><h1>The Valley Gazette</h1><p>Top stories.</p>"
            f'<script src="{asgi_server.url}/static/distribution/teaser.js" data-newsline-teaser="{slug}" '
            'data-count="3" data-interval="5" async></script>'
            "<p>More news below.</p></body></html>"
        )

    return make


def test_the_teaser_on_another_origin_shows_a_new_post(asgi_server, front_page, unique_blog, publish, new_page):
    publish(unique_blog, headline="Already there")
    page = new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = front_page(unique_blog.slug)
    assert not url.startswith(asgi_server.url)  # another origin
    page.goto(url)
    teaser = page.locator("section.newsline-teaser")
    expect(teaser.get_by_role("heading")).to_contain_text(unique_blog.headline)
    expect(teaser.locator("li")).to_have_count(1)
    expect(teaser.locator("li").first).to_contain_text("Already there")
    expect(teaser.locator("ol")).to_have_attribute("aria-live", "polite")

    publish(unique_blog, headline="River bursts its banks")
    expect(teaser.locator("li").first).to_contain_text("River bursts its banks", timeout=30_000)
    expect(teaser.locator("li")).to_have_count(2)
    link = teaser.locator("li").first.get_by_role("link")
    assert link.get_attribute("href").startswith(f"{asgi_server.url}/live/{unique_blog.slug}/?around=")
    assert errors == []
    page.screenshot(path="/tmp/teaser-front-page.png")
