"""A reader meets an embedded video: nothing is requested from the provider
until they press "Show it here"; then the provider's embed page is framed.
The provider is a fixture served by Playwright (no network)."""

import pytest
from playwright.sync_api import expect

from liveblogs import actions

pytestmark = pytest.mark.django_db(transaction=True)

FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def test_it_loads_an_embed_only_when_the_reader_asks(asgi_server, unique_blog, editor, new_page):
    blog = unique_blog
    post = actions.publish_post(
        blog=blog, by=editor,
        content=actions.PostContent(headline="The storm from the air", embed_url="https://youtu.be/dQw4w9WgXcQ"),
    )
    page = new_page()
    outside = []
    page.on("request", lambda r: None if r.url.startswith(asgi_server.url) else outside.append(r.url))
    page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><p>Provider fixture: video player</p>",
    ))
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    card = page.locator(f"#post-{post.pk}")
    expect(card.get_by_role("link", name="open it on YouTube")).to_have_attribute("href", "https://youtu.be/dQw4w9WgXcQ")
    page.wait_for_load_state("networkidle")
    assert outside == []
    expect(card.locator("iframe")).to_have_count(0)

    card.get_by_role("button", name="Show it here").click()
    frame = card.locator("iframe")
    expect(frame).to_have_attribute("src", FRAME)
    expect(frame).to_have_attribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation")
    expect(page.frame_locator(f"#post-{post.pk} iframe").get_by_text("Provider fixture: video player")).to_be_visible()
    assert outside == [FRAME]
