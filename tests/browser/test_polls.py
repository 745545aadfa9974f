"""Polls and reactions in a real browser against the real server: a vote in
one reader's page moves the bars in another's already open page; a reaction
moves the count elsewhere; a second vote is refused; and voting works with
JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from votes import actions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_flusher_in_the_test_process(monkeypatch):
    # Votes cast here by the test itself are not counted live by this process
    # (the server's flusher counts the votes it takes); pytest-django would
    # refuse a flusher thread's database access anyway.
    from votes import batching

    monkeypatch.setattr(batching, "AUTOSTART", False)


@pytest.fixture
def poll(unique_blog, publish, editor):
    post = publish(unique_blog, headline="The pier")
    return actions.add_poll(post=post, by=editor, question="Should the pier reopen?", answers=["Yes", "No", "Not yet"])


def _open(new_page, server, blog, **options):
    page = new_page(**options)
    page.goto(f"{server.url}/live/{blog.slug}/")
    return page


def test_a_vote_in_one_page_moves_the_bars_in_another(asgi_server, poll, new_page):
    watcher = _open(new_page, asgi_server, poll.blog)
    voter = _open(new_page, asgi_server, poll.blog)
    card = voter.locator(f"[data-poll='{poll.pk}']")
    card.get_by_role("radio", name="No", exact=True).check()
    card.get_by_role("button", name="Vote").click()
    # Accepted by the fast lane: the reader is told it is in, then the bars show it.
    expect(card.get_by_role("status")).to_have_text("Your vote is in: the results include it within a few seconds.")
    expect(card.get_by_role("button", name="Vote")).to_be_hidden()
    expect(card.locator("[data-answer='1'] [data-figure]")).to_have_text("100% (1 vote)")

    # The other page, open all along, was not reloaded: its bars moved by the stream.
    watcher.evaluate("window.__sameDocument = true")
    other = watcher.locator(f"[data-poll='{poll.pk}']")
    expect(other.locator("[data-answer='1'] [data-figure]")).to_have_text("100% (1 vote)")
    expect(other.locator("[data-answer='1'] meter")).to_have_attribute("value", "100")
    expect(other.locator("[data-poll-total]")).to_have_text("1 vote in all")
    assert watcher.evaluate("window.__sameDocument") is True
    card.screenshot(path="/tmp/polls-live-voter.png")
    other.screenshot(path="/tmp/polls-live-watcher.png")

    # Back again, the voter's browser knows it voted: no form, its answer marked.
    voter.reload()
    expect(card.locator(".poll-result--mine")).to_have_attribute("data-answer", "1")
    expect(card.get_by_role("button", name="Vote")).to_be_hidden()


def test_a_reaction_moves_the_count_on_another_page(asgi_server, poll, new_page):
    watcher = _open(new_page, asgi_server, poll.blog)
    reader = _open(new_page, asgi_server, poll.blog)
    like = reader.locator(f"[data-reactions='{poll.post_id}']").get_by_role("button", name="Like")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_contain_text("1")
    elsewhere = watcher.locator(f"[data-reactions='{poll.post_id}']").get_by_role("button", name="Like")
    expect(elsewhere).to_contain_text("1")
    expect(elsewhere).to_have_attribute("aria-pressed", "false")
    # Changed to another reaction: still one per reader.
    reader.locator(f"[data-reactions='{poll.post_id}']").get_by_role("button", name="Surprised").click()
    expect(
        watcher.locator(f"[data-reactions='{poll.post_id}']").get_by_role("button", name="Surprised")
    ).to_contain_text("1")
    expect(elsewhere.locator("[data-count]")).to_have_text("")


def test_it_votes_with_javascript_off_and_refuses_a_second_vote(asgi_server, poll, new_page):
    page = _open(new_page, asgi_server, poll.blog, java_script_enabled=False)
    card = page.locator(f"[data-poll='{poll.pk}']")
    card.get_by_role("radio", name="Not yet").check()
    card.get_by_role("button", name="Vote").click()
    # The reader confirms on the poll's own (private) page, whose form carries the CSRF token.
    expect(page.get_by_role("group", name="Confirm your vote")).to_be_visible()
    expect(page.get_by_role("radio", name="Not yet")).to_be_checked()
    page.get_by_role("button", name="Vote").click()
    expect(page.get_by_role("status")).to_have_text("Thank you: your vote is counted.")
    expect(page.locator("[data-answer='2'] [data-figure]")).to_have_text("100% (1 vote)")
    page.screenshot(path="/tmp/polls-nojs-voted.png", full_page=True)

    # A second go from the cached page: refused, and nothing else counted.
    page.goto(f"{asgi_server.url}/live/{poll.blog.slug}/")
    card.get_by_role("radio", name="Yes").check()
    card.get_by_role("button", name="Vote").click()
    expect(page.locator(".poll-result--mine")).to_have_attribute("data-answer", "2")
    expect(page.get_by_role("button", name="Vote")).to_have_count(0)
    assert poll.votes.count() == 1


def test_it_shows_the_final_result_when_an_editor_closes_the_poll(asgi_server, poll, editor, new_page):
    page = _open(new_page, asgi_server, poll.blog)
    actions.vote(poll_id=poll.pk, answer=0, who=actions.Voter(voter="a" * 32))
    actions.close_poll(poll=poll, by=editor)
    card = page.locator(f"[data-poll='{poll.pk}']")
    expect(card).to_contain_text("This poll has closed. Final result:")
    expect(card.locator("[data-answer='0'] [data-figure]")).to_have_text("100% (1 vote)")
    expect(card.get_by_role("button", name="Vote")).to_have_count(0)
    page.screenshot(path="/tmp/polls-closed.png", full_page=True)
    assert re.search(r"1 vote in all", card.inner_text())


def test_the_live_figures_are_written_in_the_blogs_language(asgi_server, poll, editor, new_page):
    from liveblogs import actions as liveblog_actions

    blog = poll.blog
    liveblog_actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], language="de")
    page = _open(new_page, asgi_server, blog)
    card = page.locator(f"[data-poll='{poll.pk}']")
    card.get_by_role("radio", name="No", exact=True).check()
    card.get_by_role("button", name="Abstimmen").click()
    expect(card.get_by_role("status")).to_have_text(
        "Ihre Stimme ist angekommen: In wenigen Sekunden ist sie im Ergebnis enthalten.")
    # Written by votes.js from the JavaScript catalogue (the server's card said 0 votes):
    # the German words, and the percentage as German writes it ("100 %").
    expect(card.locator("[data-answer='1'] [data-figure]")).to_have_text(re.compile(r"^100\s%\s\(1 Stimme\)$"))
    expect(card.locator("[data-poll-total]")).to_have_text("1 Stimme insgesamt")
    expect(card.locator(".poll-result--mine [data-mine]")).to_have_text("(Ihre Stimme)")
