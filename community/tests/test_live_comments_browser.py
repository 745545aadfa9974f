"""In real browsers against the real ASGI server: a verified reader posts a
comment under the live blog and a second reader's open page offers it live
("1 new comment: show") without a reload."""

import pytest
from playwright.sync_api import expect

from community.tests.conftest import verify
from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_a_new_comment_live_to_another_reader(asgi_server, unique_blog, reader, stranger, new_page):
    from community import actions

    verify(reader)
    blog = unique_blog
    # An approved earlier comment, so the server's first-comment pre-moderation lets the next one through.
    actions.post_comment(blog=blog, by=reader, body="Watching from the hill.")
    watcher = new_page()
    watcher.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(watcher.locator("[data-comments] article.comment")).to_have_count(1)
    watcher.evaluate("window.__sameDocument = true")

    writer = signed_in_page(new_page, asgi_server, reader)
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


def test_it_tells_a_reader_of_a_reply_live_and_shows_it_in_the_feed(
    asgi_server, unique_blog, reader, stranger, new_page
):
    from community import actions

    alice, bob = verify(reader), verify(stranger)
    blog = unique_blog
    actions.post_comment(blog=blog, by=bob, body="Bob has been here before.")  # past first-comment pre-moderation
    question = actions.post_comment(blog=blog, by=alice, body="Is the ring road open?")

    a = signed_in_page(new_page, asgi_server, alice)
    a.goto(f"{asgi_server.url}/people/{bob.username}/")
    a.get_by_role("button", name="Follow").click()
    expect(a.get_by_text(f"You follow {bob.byline}.")).to_be_visible()
    a.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(a.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    b = signed_in_page(new_page, asgi_server, bob)
    b.goto(f"{asgi_server.url}/live/{blog.slug}/")
    b.locator(f"#comment-{question.pk}").get_by_role("button", name="Reply").click()
    b.get_by_label("Your comment").fill("Open again since noon.")
    b.get_by_role("button", name="Post comment").click()
    expect(b.locator(f"#comment-{question.pk} > [data-replies]")).to_contain_text("Open again since noon.")

    # Alice's bell counts the reply without a reload (one notification: a reply from someone she
    # follows is not announced twice).
    bell = a.get_by_role("link", name="1 unread notification")
    expect(bell).to_have_text("Notifications (1)")
    bell.click()
    expect(a.get_by_text(f"{bob.byline} replied to your comment")).to_be_visible()
    a.goto(f"{asgi_server.url}/community/feed/")
    expect(a.locator("[data-feed-item]").first).to_contain_text("Open again since noon.")


def test_it_tells_the_author_why_a_moderator_rejected_a_held_comment(
    asgi_server, unique_blog, reader, moderator, new_page
):
    from community import actions

    alice = verify(reader)
    blog = unique_blog
    actions.post_comment(blog=blog, by=alice, body="Approved earlier.")
    held = actions.post_comment(blog=blog, by=alice, body="[one](https://a.example) [two](https://b.example) [three](https://c.example)")
    assert held.status == "pending"

    m = signed_in_page(new_page, asgi_server, moderator)
    m.goto(f"{asgi_server.url}/community/moderate/")
    item = m.locator(f"[data-queue-item='{held.pk}']")
    item.get_by_label("Reason").select_option("Spam or advertising")
    item.click()
    m.keyboard.press("j")
    m.keyboard.press("r")
    expect(m.get_by_text("Rejected; the author is told why.")).to_be_visible()

    a = signed_in_page(new_page, asgi_server, alice)
    a.goto(f"{asgi_server.url}/community/notifications/")
    expect(a.get_by_text("was not published: Spam or advertising")).to_be_visible()
