"""Readers voting: once each, by account or by a signed voter token; the
script's JSON path and the no-JavaScript form; limits; closed polls."""

import json

import pytest
from django.test import Client

from votes import batching, voters
from votes.models import PollVote

pytestmark = pytest.mark.django_db


def _token(client, blog):
    response = client.get(f"/votes/voter?blog={blog.slug}&new=1")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["token"]


def _vote(client, poll, answer, token=None, **headers):
    body = {"answer": answer} | ({"token": token} if token else {})
    return client.post(f"/votes/polls/{poll.pk}/", json.dumps(body), content_type="application/json",
                       HTTP_ACCEPT="application/json", **headers)


def test_it_counts_an_anonymous_vote_once(client, poll):
    token = _token(client, poll.blog)
    first = _vote(Client(), poll, 1, token)
    assert first.status_code == 200, first.content
    assert first.json()["mine"] == 1
    assert first.json()["result"]["answers"][1]["votes"] == 1
    again = _vote(Client(), poll, 0, token)
    assert again.status_code == 409
    assert "already voted" in again.json()["message"]
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_it_tells_a_returning_reader_what_they_chose(client, poll):
    token = _token(client, poll.blog)
    _vote(Client(), poll, 2, token)
    me = Client().get(f"/votes/voter?blog={poll.blog.slug}", HTTP_X_NEWSLINE_VOTER=token).json()
    assert me["polls"] == {str(poll.pk): 2}


def test_it_refuses_a_forged_token(poll):
    response = _vote(Client(), poll, 0, "0123456789abcdef0123456789abcdef:forged")
    assert response.status_code == 403
    assert not PollVote.objects.exists()


def test_it_counts_a_signed_in_reader_by_account_with_the_csrf_token(reader, poll):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    refused = _vote(client, poll, 0)
    assert refused.status_code == 403  # the session alone could be another site's form
    assert not PollVote.objects.exists()
    csrf = client.get(f"/votes/voter?blog={poll.blog.slug}").json()["csrf"]
    counted = _vote(client, poll, 0, HTTP_X_CSRFTOKEN=csrf)
    assert counted.status_code == 200
    assert PollVote.objects.get().user == reader
    # A token from another browser does not let the account vote again.
    assert _vote(client, poll, 1, _token(Client(), poll.blog), HTTP_X_CSRFTOKEN=csrf).status_code == 409


def test_it_counts_a_vote_without_javascript_after_the_reader_confirms(poll):
    browser = Client(enforce_csrf_checks=True)
    # The cached card's form is a GET to the poll's own page, which is private.
    page = browser.get(f"/votes/polls/{poll.pk}/?answer=1")
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    html = page.content.decode()
    assert "Confirm your vote" in html and 'value="1" required checked' in html
    csrf = browser.cookies["csrftoken"].value
    voted = browser.post(f"/votes/polls/{poll.pk}/", {"answer": "1", "csrfmiddlewaretoken": csrf})
    assert voted.status_code == 200
    assert "your vote is counted" in voted.content.decode()
    assert "(your vote)" in voted.content.decode()
    cookie = voted.cookies[voters.COOKIE]
    assert cookie["path"] == "/votes/" and cookie["httponly"]
    again = browser.post(f"/votes/polls/{poll.pk}/", {"answer": "0", "csrfmiddlewaretoken": csrf})
    assert again.status_code in (200, 409)
    assert PollVote.objects.count() == 1


def test_it_counts_nothing_from_a_form_without_the_csrf_token(poll):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(f"/votes/polls/{poll.pk}/", {"answer": "0"})
    assert response.status_code == 403
    assert "Confirm your vote" in response.content.decode()
    assert not PollVote.objects.exists()


def test_it_refuses_votes_once_the_poll_is_closed(client, poll, editor):
    from votes import actions

    token = _token(client, poll.blog)
    _vote(Client(), poll, 0, token)
    actions.close_poll(poll=poll, by=editor)
    late = _vote(Client(), poll, 1, _token(Client(), poll.blog))
    assert late.status_code == 403
    assert "closed" in late.json()["message"]
    assert late.json()["result"]["closed"] is True
    assert [a["votes"] for a in late.json()["result"]["answers"]] == [1, 0, 0]


def test_it_limits_votes_per_reader(settings, client, blog, publish, editor):
    from votes import actions

    settings.VOTES_PER_READER_PER_MINUTE = 2
    polls = [actions.add_poll(post=publish(blog, headline=f"P{i}"), by=editor, question=f"Q{i}?", answers=["A", "B"])
             for i in range(3)]
    token = _token(client, blog)
    assert _vote(Client(), polls[0], 0, token).status_code == 200
    assert _vote(Client(), polls[1], 0, token).status_code == 200
    limited = _vote(Client(), polls[2], 0, token)
    assert limited.status_code == 429
    assert PollVote.objects.count() == 2


def test_it_limits_new_voter_ids_per_address(settings, blog):
    settings.VOTES_VOTERS_PER_HOUR = 2
    browser = Client()
    assert browser.get(f"/votes/voter?blog={blog.slug}&new=1").status_code == 200
    assert Client().get(f"/votes/voter?blog={blog.slug}&new=1").status_code == 200
    assert Client().get(f"/votes/voter?blog={blog.slug}&new=1").status_code == 429
    # Asking without new=1 (every page load) spends nothing and gets no token.
    assert "token" not in Client().get(f"/votes/voter?blog={blog.slug}").json()


def test_it_moves_neither_the_blog_seq_nor_its_etag(client, poll):
    from liveblogs.models import LiveBlog

    before = client.get(f"/live/{poll.blog.slug}/")
    head = LiveBlog.objects.get(pk=poll.blog_id).head_seq
    for _ in range(3):
        assert _vote(Client(), poll, 0, _token(Client(), poll.blog)).status_code == 200
    batching.mark(poll.blog.slug, "poll", poll.pk)
    assert batching.flush() == 1
    assert LiveBlog.objects.get(pk=poll.blog_id).head_seq == head
    after = client.get(f"/live/{poll.blog.slug}/")
    assert after["ETag"] == before["ETag"]
    assert after.content == before.content
    assert client.get(f"/live/{poll.blog.slug}/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304


def test_it_puts_no_cookie_or_token_in_the_cached_page(client, poll):
    page = client.get(f"/live/{poll.blog.slug}/")
    assert not page.cookies
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert 'method="get"' in html and f'action="/votes/polls/{poll.pk}/"' in html


def test_it_shows_final_results_on_a_closed_poll_card(client, poll, editor):
    from votes import actions

    for answer in (0, 0, 2):
        _vote(Client(), poll, answer, _token(Client(), poll.blog))
    actions.close_poll(poll=poll, by=editor)
    html = client.get(f"/live/{poll.blog.slug}/").content.decode()
    assert "This poll has closed. Final result:" in html
    assert "67% (2 votes)" in html and "33% (1 vote)" in html and "3 votes in all" in html
    assert 'name="answer"' not in html
