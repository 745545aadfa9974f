"""In real browsers against the real ASGI server: an Arabic blog's forum is
in Arabic for every reader, from the server's fragment and from the page's
script (Django's JavaScript catalogue): the composer, the sort buttons, a
card's actions, and the live "new comment" button in Arabic's plural forms."""

import pytest
from playwright.sync_api import expect

from community.tests.conftest import verify
from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_an_arabic_blogs_forum_in_arabic(asgi_server, unique_blog, reader, stranger, new_page):
    from community import actions

    verify(reader)
    blog = unique_blog
    blog.language = "ar"
    blog.save(update_fields=["language"])
    actions.post_comment(blog=blog, by=reader, body="أتابع من التل.")  # past first-comment pre-moderation

    watcher = new_page()
    watcher.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(watcher.locator("html")).to_have_attribute("dir", "rtl")
    expect(watcher.get_by_role("button", name="الأحدث")).to_be_visible()  # Newest, from the script
    expect(watcher.locator("[data-comments] article.comment")).to_have_count(1)

    writer = signed_in_page(new_page, asgi_server, reader)
    writer.goto(f"{asgi_server.url}/live/{blog.slug}/")
    box = writer.get_by_label("تعليقك")  # Your comment: the composer from /mine
    expect(writer.locator("[data-comments] article.comment").first.get_by_role("button", name="رد")).to_be_visible()
    box.fill("النهر يرتفع بسرعة قرب الجسر.")
    writer.get_by_role("button", name="انشر التعليق").click()
    expect(box).to_have_value("")

    # Arabic's "one" form of "%(n)s new comment: show".
    show = watcher.get_by_role("button", name="تعليق جديد واحد: عرض")
    expect(show).to_be_visible()
    show.click()
    expect(watcher.locator("[data-comments] article.comment").first).to_contain_text("النهر يرتفع بسرعة قرب الجسر.")
