"""The paths people take, in a real browser against the real server."""

import re

import pytest
from playwright.sync_api import expect

from liveblogs import actions
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.each_server  # the live update end to end, on every ASGI server
def test_it_shows_a_post_published_at_the_desk_to_an_open_page_without_reload(
    asgi_server, unique_blog, publish, editor, new_page
):
    blog = unique_blog
    publish(blog, headline="Already there")
    reader = new_page()
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(reader.locator("article[data-post]")).to_have_count(1)
    reader.evaluate("window.__sameDocument = true")

    desk = new_page()
    sign_in(desk, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    desk.get_by_label("Headline").fill("Water reaches the high street")
    body = desk.get_by_role("textbox", name="Body")
    body.click()
    body.type("Shops on the high street are flooded.")
    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_text("Published.")).to_be_visible()

    first = reader.locator("article[data-post]").first
    expect(first).to_contain_text("Water reaches the high street")
    expect(first).to_contain_text("Shops on the high street are flooded.")
    assert reader.evaluate("window.__sameDocument") is True  # no reload happened


def test_it_publishes_with_ctrl_enter(asgi_server, unique_blog, editor, new_page):
    desk = new_page()
    sign_in(desk, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{unique_blog.slug}/")
    body = desk.get_by_role("textbox", name="Body")
    body.click()
    body.type("Sent from the keyboard.")
    body.press("Control+Enter")
    expect(desk.get_by_text("Published.")).to_be_visible()
    assert unique_blog.posts.filter(body__contains="Sent from the keyboard.").exists()


def test_it_keeps_the_pinned_post_first_as_updates_arrive(asgi_server, unique_blog, publish, new_page):
    blog = unique_blog
    pinned = publish(blog, headline="What we know so far", is_pinned=True)
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    publish(blog, headline="Fresh news")
    posts = page.locator("article[data-post]")
    expect(posts).to_have_count(2)
    expect(posts.nth(1)).to_contain_text("Fresh news")
    expect(posts.first).to_have_attribute("id", f"post-{pinned.pk}")
    expect(posts.first).to_contain_text("Pinned")


def test_it_applies_edits_deletions_and_pins_in_place(asgi_server, unique_blog, publish, editor, new_page):
    blog = unique_blog
    a = publish(blog, headline="Casualty figures")
    b = publish(blog, headline="Road closures")
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    actions.edit_post(
        post=a,
        by=editor,
        content=actions.PostContent(headline="Casualty figures revised", body="<p>Revised.</p>"),
        is_key_event=True,
        is_pinned=False,
    )
    expect(page.locator(f"#post-{a.pk}")).to_contain_text("Casualty figures revised")
    expect(page.locator(f"#post-{a.pk}")).to_contain_text("Updated")
    expect(page.locator(f"#key-{a.pk}")).to_contain_text("Casualty figures revised")
    actions.set_pinned(post=a, by=editor, pinned=True)
    expect(page.locator("article[data-post]").first).to_have_attribute("id", f"post-{a.pk}")
    actions.delete_post(post=b, by=editor)
    expect(page.locator(f"#post-{b.pk}")).to_have_count(0)


def test_it_holds_new_posts_while_the_reader_is_scrolled_down(asgi_server, unique_blog, publish, new_page):
    blog = unique_blog
    for i in range(15):
        publish(blog, headline=f"Earlier {i}", body="<p>" + "Long paragraph. " * 60 + "</p>")
    page = new_page(viewport={"width": 800, "height": 600})
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.locator("article[data-post]").last.scroll_into_view_if_needed()
    publish(blog, headline="Arrived while reading")
    button = page.get_by_role("button", name="1 new update")
    expect(button).to_be_visible()
    expect(page).to_have_title(re.compile(r"^\(1\) "))
    expect(page.locator("article[data-post]").first).not_to_contain_text("Arrived while reading")
    button.click()
    expect(page.locator("article[data-post]").first).to_contain_text("Arrived while reading")
    expect(page).not_to_have_title(re.compile(r"^\(1\) "))


def test_it_works_with_javascript_off(asgi_server, unique_blog, publish, new_page, settings):
    blog = unique_blog
    for i in range(25):
        publish(blog, headline=f"Update number {i}")
    page = new_page(java_script_enabled=False)
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(blog.headline)
    posts = page.locator("article[data-post]")
    expect(posts).to_have_count(20)
    expect(posts.first).to_contain_text("Update number 24")
    page.get_by_role("link", name="Show older updates").click()
    expect(posts.first).to_contain_text("Update number 4")
    expect(posts).to_have_count(5)


def test_it_loads_older_updates_in_place_with_javascript(asgi_server, unique_blog, publish, new_page):
    blog = unique_blog
    for i in range(25):
        publish(blog, headline=f"Item {i}")
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.get_by_role("link", name="Show older updates").click()
    expect(page.locator("article[data-post]")).to_have_count(25)
    expect(page.get_by_role("link", name="Show older updates")).to_have_count(0)
    assert page.url.endswith(f"/live/{blog.slug}/")


def test_it_runs_the_reader_page_without_console_errors(asgi_server, unique_blog, publish, new_page):
    publish(unique_blog, headline="Checked for errors", body="<blockquote><p>Fine.</p><p>— A. Person</p></blockquote>")
    page = new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    expect(page.locator("article[data-post]")).to_have_count(1)
    page.evaluate("() => new Promise(r => setTimeout(r, 300))")
    assert problems == []


def test_it_shows_staff_a_desk_link_on_the_reader_page(asgi_server, unique_blog, editor, new_page):
    page = new_page()
    anonymous = new_page()
    sign_in(page, asgi_server, editor)
    page.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    expect(page.get_by_text("Signed in as Eddie Editor")).to_be_visible()
    expect(page.get_by_role("link", name="Newsroom desk")).to_have_attribute("href", "/desk/")
    anonymous.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    # Anonymous readers are offered sign-in, never the desk.
    expect(anonymous.locator("[data-account]").get_by_role("link", name="Sign in")).to_be_visible()
    expect(anonymous.get_by_role("link", name="Newsroom desk")).to_have_count(0)


def test_it_counts_updates_since_the_last_visit(asgi_server, unique_blog, publish, new_page):
    publish(unique_blog, headline="Seen before")
    page = new_page()
    # A reader coming back later: the browser's 5-second cache copy has expired.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    page.goto(url)
    page.wait_for_function("window.newsline !== undefined")  # the page's script has run
    page.goto("about:blank")
    for i in range(3):
        publish(unique_blog, headline=f"While you were away {i}")
    head = unique_blog.events.count()
    for _ in range(200):  # the server learns of this process's writes within its log poll
        if page.request.get(f"{url}updates?after={head}").json()["head"] >= head:
            break
        page.wait_for_timeout(25)
    page.goto(url)
    expect(page.locator("[data-live-notice]")).to_have_text("Since your last visit: 3 new updates")
    expect(page.locator("article.post--unseen")).to_have_count(3)


def test_it_starts_again_from_the_server_when_the_log_was_restored(asgi_server, unique_blog, publish, new_page):
    from liveblogs.models import LiveBlog

    publish(unique_blog, headline="Before the restore")
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    page.wait_for_function("window.newsline !== undefined")
    # A restore gives the blog a new epoch; open pages must not mix the two logs.
    LiveBlog.objects.filter(pk=unique_blog.pk).update(epoch=unique_blog.epoch + 1)
    publish(unique_blog, headline="After the restore")
    expect(page.locator("main")).to_have_attribute("data-epoch", str(unique_blog.epoch + 1))
    expect(page.locator("article[data-post]").first).to_contain_text("After the restore")
    assert "fresh=" not in page.url
