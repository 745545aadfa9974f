"""Issue 5's full path in real browsers against the real ASGI server: two
readers sign up through the sign-up pages and confirm their addresses from the
emails the server sent (a file mailbox), A follows B, B replies to A's comment,
and A's open page shows the notification live, then the reply in A's feed."""

import re
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def mail_server(tmp_path):
    """A server of its own whose email goes to files the test reads, and
    without first-comment pre-moderation (these readers are brand new)."""
    from django.core.cache import cache

    from tests.server import Server

    cache.clear()  # rate-limit counters: the server shares the test database's cache table
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    server = Server(tmp_path, {"EMAIL_BACKEND": "file", "EMAIL_FILE_PATH": str(mailbox),
                               "COMMUNITY_PREMODERATE_FIRST": "0"})
    server.mailbox = mailbox
    yield server
    server.stop()


def confirmation_link(mailbox: Path, address: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        for message in sorted(mailbox.glob("*.log")):
            text = message.read_text()
            if f"To: {address}" in text:
                found = re.search(r"https?://\S+/accounts/confirm-email/\S+/", text)
                if found:
                    return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no confirmation email to {address}")


def sign_up(page, server, *, name: str, username: str) -> str:
    email = f"{username}@example.org"
    page.goto(f"{server.url}/accounts/signup/")
    page.locator("#id_display_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    page.goto(confirmation_link(server.mailbox, email))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    return username


def test_it_takes_two_new_readers_from_sign_up_to_a_live_reply_notification(mail_server, unique_blog, new_page):
    blog = unique_blog
    tag = uuid.uuid4().hex[:6]
    a, b = new_page(), new_page()
    sign_up(a, mail_server, name=f"Alba Reader {tag}", username=f"alba{tag}")
    bruno = sign_up(b, mail_server, name=f"Bruno Reader {tag}", username=f"bruno{tag}")

    # A follows B from B's public profile.
    a.goto(f"{mail_server.url}/people/{bruno}/")
    a.get_by_role("button", name="Follow").click()
    expect(a.get_by_text(f"You follow Bruno Reader {tag}.")).to_be_visible()

    # A comments under the live blog and keeps the page open.
    a.goto(f"{mail_server.url}/live/{blog.slug}/")
    composer = a.get_by_label("Your comment")
    expect(composer).to_be_visible(timeout=30_000)  # loaded by script from the private endpoint; CPUs are shared
    composer.fill("Is the ferry still running tonight?")
    a.get_by_role("button", name="Post comment").click()
    question = a.locator("[data-comments] article.comment").first
    expect(question).to_contain_text("Is the ferry still running tonight?")
    expect(a.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    question_id = question.get_attribute("id")

    # B replies to it from their own page.
    b.goto(f"{mail_server.url}/live/{blog.slug}/")
    expect(b.get_by_label("Your comment")).to_be_visible(timeout=30_000)
    b.locator(f"#{question_id}").get_by_role("button", name="Reply").click()
    b.get_by_label("Your comment").fill("The last sailing leaves at nine.")
    b.get_by_role("button", name="Post comment").click()
    expect(b.locator(f"#{question_id} > [data-replies]")).to_contain_text("The last sailing leaves at nine.")

    # A's open page counts it without a reload, and the notification and the feed show it.
    bell = a.get_by_role("link", name="1 unread notification")
    expect(bell).to_have_text("Notifications (1)", timeout=40_000)
    bell.click()
    expect(a.get_by_text(f"Bruno Reader {tag} replied to your comment")).to_be_visible()
    a.goto(f"{mail_server.url}/community/feed/")
    expect(a.locator("[data-feed-item]").first).to_contain_text("The last sailing leaves at nine.")
