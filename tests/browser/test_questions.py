"""Questions to the newsroom, the whole path in real browsers against the
real server: a reader asks from the blog page, the question appears live in
an editor's already-open desk (the private desk stream), the editor answers
with the prefilled composer, the answer reaches the reader's open page
quoting the question, and the reader's bell shows the notification; no
Content-Security-Policy violation on the way. Then the inbox and the answer
page on a phone."""

import pytest
from playwright.sync_api import expect

from community.tests.conftest import verify
from tests.browser.helpers import signed_in_page
from tests.browser.test_content_security_policy import violations, watched

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reader_asks_the_desk_answers_and_the_reader_is_told(asgi_server, unique_blog, editor, reader, new_page):
    from django.core.cache import cache

    cache.clear()  # rate-limit counters: the server shares the test database's cache table
    verify(reader)
    slug = unique_blog.slug

    desk = watched(signed_in_page(new_page, asgi_server, editor))
    desk.goto(f"{asgi_server.url}/desk/blogs/{slug}/")
    inbox = desk.locator("[data-questions]")
    expect(inbox).to_contain_text("No questions waiting.")
    # The desk's stream is connected: what follows arrives on it, not by a reload.
    desk.locator("[data-presence][data-presence-live]").wait_for(state="attached")

    page = watched(signed_in_page(new_page, asgi_server, reader))
    page.goto(f"{asgi_server.url}/live/{slug}/")
    form = page.locator("[data-ask-form]")
    form.get_by_label("Your question").fill("Is the coast road open tonight?")
    form.get_by_label("Show my display name (Rosa Reader) with the answer").check()
    form.get_by_role("button", name="Send to the newsroom").click()
    expect(page.locator(".ask__sent")).to_contain_text("your question is with the newsroom")
    expect(form.get_by_label("Your question")).to_have_value("")

    question = inbox.locator("[data-question]")
    expect(question).to_contain_text("Is the coast road open tonight?")
    expect(question).to_contain_text("Rosa Reader (may be named)")
    expect(inbox.locator("[data-questions-counts]")).to_contain_text("1 waiting")
    expect(inbox.locator("[data-questions-status]")).to_contain_text("1 waiting")  # said politely
    desk.screenshot(path="/tmp/questions-desk-inbox.png", full_page=True)

    question.get_by_role("link", name="Answer this question").click()
    desk.locator("html[data-desk-ready]").wait_for(state="attached")
    expect(desk.locator(".ProseMirror blockquote")).to_contain_text("Is the coast road open tonight?")
    desk.get_by_label("Headline").first.fill("Your questions: the coast road")
    desk.get_by_role("button", name="Publish the answer").click()
    desk.wait_for_url(f"**/desk/blogs/{slug}/#post-*")
    expect(desk.locator("[data-questions]")).to_contain_text("No questions waiting.")

    answer = page.locator("article[data-post]").filter(has_text="Your questions: the coast road")
    expect(answer).to_contain_text("Is the coast road open tonight?")
    expect(answer.locator("blockquote")).to_contain_text("— Rosa Reader, asked the newsroom")
    expect(page.locator("[data-bell]")).to_have_text("Notifications (1)")
    page.screenshot(path="/tmp/questions-reader-answered.png", full_page=True)
    # The ask form, the inbox's script and the answer page's editor all run under the strict policy.
    assert violations(page) == [] and violations(desk) == []


def test_the_inbox_and_the_answer_page_fit_a_phone(asgi_server, unique_blog, editor, reader, new_page):
    from community import actions
    from tests.browser.test_desk_phone import PHONE, check_fits

    question = actions.ask_question(blog=unique_blog, by=verify(reader), body="Is the ferry running?", show_name=True)
    phone = signed_in_page(new_page, asgi_server, editor, **PHONE)
    phone.goto(f"{asgi_server.url}/desk/blogs/{unique_blog.slug}/")
    expect(phone.locator("[data-question]")).to_contain_text("Is the ferry running?")
    check_fits(phone, "questions-inbox")
    phone.get_by_role("navigation", name="On this page").get_by_role("link", name="Question (1)").click()
    expect(phone.get_by_role("heading", name="Questions from readers")).to_be_in_viewport()
    phone.goto(f"{asgi_server.url}/desk/blogs/{unique_blog.slug}/questions/{question.pk}/answer/")
    check_fits(phone, "questions-answer")
