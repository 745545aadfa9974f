"""A reader whose stream fails falls back to polling, and goes back to the
stream once it works again: from the update polling reached, with polling
stopped, every post shown once. The page's clock is Playwright's, so the
30 s (then longer) wait before trying the stream again is skipped over
instead of waited for."""

import pytest
from playwright.sync_api import expect

from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_streams_again_after_falling_back_to_polling(asgi_server, unique_blog, publish, new_page):
    blog = unique_blog
    publish(blog, headline="Before the cut")
    page = new_page()
    page.clock.install()
    polls, streams = [], []
    page.on("request", lambda r: polls.append(r.url) if "/updates?" in r.url else None)
    page.on("request", lambda r: streams.append(r.url) if "/events?" in r.url else None)
    # The stream is answered with an error (a proxy's 502 during a restart):
    # EventSource gives up, and the page polls /updates instead.
    page.route("**/events?*", lambda route: route.fulfill(status=502, body="Bad gateway"))
    with page.expect_request(lambda r: "/updates?" in r.url):
        page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    posts = page.locator("article[data-post]")
    expect(posts).to_have_count(1)

    publish(blog, headline="Arrived by polling")
    blog.refresh_from_db()
    page.clock.run_for(11_000)  # the next poll
    expect(posts.first).to_contain_text("Arrived by polling")

    page.unroute("**/events?*")
    with page.expect_request(lambda r: "/events?" in r.url) as retried:
        page.clock.run_for(40_000)  # past the first retry (30 s, jittered ±20 %)
    assert f"after={blog.head_seq}&" in retried.value.url  # from where polling got to
    wait_for(lambda: page.evaluate("window.newsline.blog.source.readyState") == 1, what="the stream open again")

    polls_before = len(polls)
    publish(blog, headline="Arrived by the stream")
    expect(posts.first).to_contain_text("Arrived by the stream")
    page.clock.run_for(60_000)  # six polls' worth of time
    assert len(polls) == polls_before  # polling stopped once the stream was open
    expect(posts).to_have_count(3)
    expect(page.locator("article[data-post]", has_text="Arrived by the stream")).to_have_count(1)
    expect(page.locator("article[data-post]", has_text="Arrived by polling")).to_have_count(1)
