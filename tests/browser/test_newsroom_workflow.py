"""The newsroom workflow in a real browser against the real server: a
contributor submits, an editor approves, and a reader with the page open sees
the post arrive; the composer's preview follows typing; "?" lists shortcuts."""

import pytest
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import Post
from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_takes_a_contribution_from_submission_to_an_open_reader_page(
    asgi_server, unique_blog, editor, contributor, new_page
):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=contributor)
    reader = new_page()
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    reader.wait_for_function("window.newsline !== undefined")

    field = signed_in_page(new_page, asgi_server, contributor)
    field.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(field.get_by_role("button", name="Publish")).to_have_count(0)
    field.get_by_label("Headline").fill("Ferry services suspended")
    # The preview beside the composer shows the reader's card as it is typed.
    preview = field.frame_locator("[data-preview-frame]")
    expect(preview.locator("article.post h3")).to_have_text("Ferry services suspended")
    field.get_by_role("button", name="Submit for approval").click()
    expect(field.get_by_text("Submitted: an editor will review it.")).to_be_visible()
    post = Post.objects.get(blog=blog)
    assert post.state == Post.State.SUBMITTED
    expect(reader.locator("[data-posts]")).not_to_contain_text("Ferry services suspended")

    desk = signed_in_page(new_page, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    queue = desk.locator(f"#submission-{post.pk}")
    expect(queue).to_contain_text("Cora Contributor")
    queue.get_by_role("button", name="Approve").click()

    card = reader.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("Ferry services suspended")
    expect(card).to_contain_text("By Cora Contributor")


def test_it_lists_the_shortcuts_on_question_mark(asgi_server, unique_blog, editor, new_page):
    page = signed_in_page(new_page, asgi_server, editor)
    page.goto(f"{asgi_server.url}/desk/blogs/{unique_blog.slug}/")
    page.wait_for_function("document.documentElement.dataset.deskReady === 'true'")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Save as a draft")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("n")
    expect(page.get_by_label("Headline")).to_be_focused()


def test_it_shows_who_else_is_editing_at_the_desk(asgi_server, unique_blog, editor, reporter, publish, new_page):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    post = publish(blog, headline="Barrier holds", by=reporter)
    writer = signed_in_page(new_page, asgi_server, reporter)
    writer.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/posts/{post.pk}/edit/")
    writer.wait_for_function("document.documentElement.dataset.deskReady === 'true'")
    expect(writer.locator("[data-presence]")).to_be_hidden()  # alone, for now

    desk = signed_in_page(new_page, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(desk.locator("[data-presence]")).to_have_text("Also here: Rita Reporter (editing “Barrier holds”)")
    expect(desk.locator(f"#post-{post.pk} [data-editing-badge]")).to_have_text("Rita Reporter is editing")


def test_it_shows_another_editor_starting_to_edit_without_a_reload(
    asgi_server, unique_blog, editor, reporter, publish, new_page
):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    post = publish(blog, headline="Pumping station restarts", by=reporter)
    desk = signed_in_page(new_page, asgi_server, editor)
    beats = []

    def first_heartbeat_only(route):
        # After its first heartbeat this page hears of others only through the
        # desk stream: the polling fallback is cut off.
        beats.append(route.request.url)
        if len(beats) == 1:
            route.continue_()
        else:
            route.abort()

    desk.route("**/presence/", first_heartbeat_only)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(desk.locator("[data-presence][data-presence-live='true']")).to_have_count(1)  # the stream is open
    expect(desk.locator("[data-presence]")).to_be_hidden()

    writer = signed_in_page(new_page, asgi_server, reporter)
    writer.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/posts/{post.pk}/edit/")
    expect(desk.locator(f"#post-{post.pk} [data-editing-badge]")).to_have_text("Rita Reporter is editing")
    expect(desk.locator("[data-presence]")).to_have_text(
        "Also here: Rita Reporter (editing “Pumping station restarts”)"
    )
    desk.screenshot(path="/tmp/together-presence.png")

    writer.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(desk.locator("[data-editing-badge]")).to_have_count(0)
    expect(desk.locator("[data-presence]")).to_have_text("Also here: Rita Reporter")
    writer.goto("about:blank")  # leaving the desk sends the goodbye beacon
    expect(desk.locator("[data-presence]")).to_be_hidden()


def test_it_counts_readers_on_the_desk_as_they_arrive(asgi_server, unique_blog, editor, new_page):
    from tests.sse import SSEClient

    blog = unique_blog
    desk = signed_in_page(new_page, asgi_server, editor)
    beats = []

    def first_heartbeat_only(route):
        beats.append(route.request.url)
        route.continue_() if len(beats) == 1 else route.abort()

    desk.route("**/presence/", first_heartbeat_only)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(desk.locator("[data-presence][data-presence-live='true']")).to_have_count(1)
    expect(desk.locator("[data-readers-now]")).to_have_text("0 readers on the live page now")
    reader = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events")
    try:
        expect(desk.locator("[data-readers-now]")).to_have_text("1 reader on the live page now")
    finally:
        reader.close()
    expect(desk.locator("[data-readers-now]")).to_have_text("0 readers on the live page now")
