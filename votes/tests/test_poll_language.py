"""A poll is written in its blog's language (docs/i18n.md): the reader page
and the poll's own page are in the blog's language for every reader,
whatever their browser asks for."""

import json

import pytest
from django.test import Client

from liveblogs import actions as liveblog_actions
from votes import actions

pytestmark = pytest.mark.django_db


def _vote(poll, answer):
    token = Client().get(f"/votes/voter?blog={poll.blog.slug}&new=1").json()["token"]
    Client().post(f"/votes/polls/{poll.pk}/", json.dumps({"answer": answer, "token": token}),
                  content_type="application/json", HTTP_ACCEPT="application/json")


def test_a_poll_renders_in_german_on_a_german_blog(client, editor, poll):
    blog = poll.blog
    liveblog_actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], language="de")

    card = client.get(f"/live/{blog.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de"' in card
    assert "Umfrage:" in card and "Abstimmen" in card and "Ergebnisse ansehen" in card
    assert "Gefällt mir" in card  # a reaction's label
    assert "Poll:" not in card and ">Vote<" not in card

    page = client.get(f"/votes/polls/{poll.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Bisherige Ergebnisse" in page and "Ihre Antwort" in page

    for answer in (0, 0, 2):
        _vote(poll, answer)
    actions.close_poll(poll=poll, by=editor)
    closed = client.get(f"/live/{blog.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Diese Umfrage ist beendet. Endergebnis:" in closed
    assert "67 % (2 Stimmen)" in closed and "33 % (1 Stimme)" in closed and "3 Stimmen insgesamt" in closed
