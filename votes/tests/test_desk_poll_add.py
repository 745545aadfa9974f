"""Adding a poll to a post at the desk."""

import json

import pytest
from django.utils import timezone

from liveblogs.models import AuditEntry, BlogEvent, LiveBlog
from votes.models import Poll

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/{post.blog.slug}/posts/{post.pk}/poll/"


def test_it_adds_a_poll_that_readers_see_in_the_post(client, editor, post):
    client.force_login(editor)
    head = LiveBlog.objects.get(pk=post.blog_id).head_seq
    response = client.post(_url(post), {"question": "Should the pier reopen?", "answer_1": "Yes", "answer_2": "No",
                                        "answer_3": "", "closes_at": ""})
    assert response.status_code == 302
    poll = Poll.objects.get(post=post)
    assert poll.answers == ["Yes", "No"]
    assert poll.is_open()
    # Open pages get the card again, with the poll in it.
    event = BlogEvent.objects.get(blog=post.blog, seq=head + 1)
    assert event.kind == "post.updated"
    html = json.loads(event.payload)["post"]["html"]
    assert "Should the pier reopen?" in html and 'name="answer"' in html
    entry = AuditEntry.objects.get(action="add_poll")
    assert entry.actor == editor and entry.post == post
    assert entry.changes["answers"][1] == ["Yes", "No"]
    page = client.get(f"/live/{post.blog.slug}/").content.decode()
    assert f'data-poll="{poll.pk}"' in page and ">Vote<" in page


def test_it_keeps_what_was_typed_when_the_poll_is_not_valid(client, editor, post):
    client.force_login(editor)
    response = client.post(_url(post), {"question": "Which bridge first?", "answer_1": "North", "answer_2": "",
                                        "closes_at": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A poll needs at least 2 answers." in page
    assert 'value="Which bridge first?"' in page and 'value="North"' in page
    assert not Poll.objects.exists()


def test_it_refuses_the_same_answer_twice_and_a_past_closing_time(client, editor, post):
    client.force_login(editor)
    same = client.post(_url(post), {"question": "Q?", "answer_1": "Yes", "answer_2": " yes "})
    assert same.status_code == 400
    assert "Two answers are the same" in same.content.decode()
    past = (timezone.localtime() - timezone.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    late = client.post(_url(post), {"question": "Q?", "answer_1": "Yes", "answer_2": "No", "closes_at": past})
    assert late.status_code == 400
    assert "The closing time has passed" in late.content.decode()
    assert not Poll.objects.exists()


def test_it_lets_only_editors_add_polls(client, reporter, post):
    client.force_login(reporter)
    response = client.post(_url(post), {"question": "Q?", "answer_1": "Yes", "answer_2": "No"})
    assert response.status_code == 403
    assert not Poll.objects.exists()


def test_it_adds_one_poll_per_post(client, editor, poll):
    client.force_login(editor)
    response = client.post(_url(poll.post), {"question": "Another?", "answer_1": "A", "answer_2": "B"})
    assert response.status_code == 302
    assert Poll.objects.filter(post=poll.post).count() == 1


def test_it_shows_the_poll_and_its_buttons_on_the_desk(client, editor, poll):
    client.force_login(editor)
    page = client.get(f"/desk/blogs/{poll.blog.slug}/").content.decode()
    assert "Should the pier reopen?" in page
    assert "Close the poll" in page


def test_it_offers_to_add_a_poll_to_editors_only(client, editor, reporter, post):
    client.force_login(editor)
    assert "Add a poll" in client.get(f"/desk/blogs/{post.blog.slug}/").content.decode()
    client.force_login(reporter)
    assert "Add a poll" not in client.get(f"/desk/blogs/{post.blog.slug}/").content.decode()
