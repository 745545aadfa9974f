"""Corrections, restores and edit conflicts, in a real browser against the
real server: what an editor does at the desk reaches readers' open pages,
and two people editing one post are never silently overwritten."""

import re

import pytest
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import Post
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _open_reader(new_page, server, blog):
    page = new_page()
    page.goto(f"{server.url}/live/{blog.slug}/")
    page.wait_for_function("window.newsline !== undefined")  # the page's script is running
    page.evaluate("window.__sameDocument = true")
    return page


def test_it_sends_a_desk_correction_to_an_open_reader_page(asgi_server, unique_blog, publish, editor, new_page):
    blog = unique_blog
    post = publish(blog, headline="Bridge closed in Aylesford", body="<p>Traffic is diverted.</p>")
    reader = _open_reader(new_page, asgi_server, blog)
    card = reader.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("Bridge closed in Aylesford")

    desk = new_page()
    sign_in(desk, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    desk.locator(f"#post-{post.pk}").get_by_role("link", name="Edit").click()
    desk.get_by_label("Headline").fill("Bridge closed in Ashford")
    desk.get_by_label("Correction note").fill("An earlier version of this post named the wrong town.")
    desk.get_by_role("button", name="Save changes").click()
    expect(desk.get_by_text("Changes saved.")).to_be_visible()

    expect(card).to_contain_text("Bridge closed in Ashford")
    correction = card.locator(".post__correction")
    expect(correction).to_have_count(1)
    expect(correction).to_contain_text("Correction, ")
    expect(correction).to_contain_text("An earlier version of this post named the wrong town.")
    expect(correction.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d"))
    assert reader.evaluate("window.__sameDocument") is True  # no reload happened


def test_it_warns_the_second_of_two_editors_saving_the_same_post(
    asgi_server, unique_blog, publish, editor, reporter, new_page
):
    blog = unique_blog
    from liveblogs import actions

    actions.assign_staff(blog=blog, by=editor, user=reporter)  # reporters work only on their blogs
    post = publish(blog, headline="Casualty figures", body="<p>Four people were hurt.</p>", by=reporter)
    edit_url = f"{asgi_server.url}/desk/blogs/{blog.slug}/posts/{post.pk}/edit/"

    first = new_page()
    sign_in(first, asgi_server, reporter)
    first.goto(edit_url)
    second = new_page()
    sign_in(second, asgi_server, editor)
    second.goto(edit_url)

    first.get_by_label("Headline").fill("Casualty figures: five hurt")
    first.get_by_role("button", name="Save changes").click()
    expect(first.get_by_text("Changes saved.")).to_be_visible()

    second.get_by_label("Headline").fill("Casualty figures revised")
    second.get_by_role("button", name="Save changes").click()
    alert = second.locator("[data-edit-conflict]")
    expect(alert).to_contain_text("This post was changed by Rita Reporter at ")
    expect(alert).to_contain_text("Your version is below; the current version is shown beside it.")
    # Their typed text is kept; the saved text is there to compare.
    expect(second.get_by_label("Headline")).to_have_value("Casualty figures revised")
    expect(second.locator("[data-current-version]")).to_contain_text("Casualty figures: five hurt")
    assert Post.objects.get(pk=post.pk).headline == "Casualty figures: five hurt"

    # Having seen both, saving again is deliberate and goes through.
    second.get_by_role("button", name="Save my version").click()
    expect(second.get_by_text("Changes saved.")).to_be_visible()
    assert Post.objects.get(pk=post.pk).headline == "Casualty figures revised"


def test_it_brings_a_restored_post_back_to_an_open_reader_page(asgi_server, unique_blog, publish, editor, new_page):
    blog = unique_blog
    older = publish(blog, headline="Withdrawn by mistake")
    publish(blog, headline="Newer update")
    actions.delete_post(post=older, by=editor)
    reader = _open_reader(new_page, asgi_server, blog)
    expect(reader.locator("article[data-post]")).to_have_count(1)

    desk = new_page()
    sign_in(desk, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    deleted = desk.get_by_role("region", name="Deleted posts")
    expect(deleted).to_contain_text("Withdrawn by mistake")
    deleted.get_by_role("button", name="Restore").click()
    expect(desk.get_by_text("Post restored: readers can see it again.")).to_be_visible()

    posts = reader.locator("article[data-post]")
    expect(posts).to_have_count(2)
    expect(posts.nth(1)).to_have_attribute("id", f"post-{older.pk}")  # back in its place, below the newer one
    assert reader.evaluate("window.__sameDocument") is True
