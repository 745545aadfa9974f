"""Closing a poll: by an editor's hand, or at its time; every role tried."""

import json

import pytest
from django.utils import timezone

from liveblogs.models import AuditEntry, BlogEvent, LiveBlog
from votes import actions
from votes.models import Poll

pytestmark = pytest.mark.django_db


def _close_url(poll):
    return f"/desk/blogs/{poll.blog.slug}/posts/{poll.post_id}/poll/close/"


def test_it_closes_a_poll_with_its_final_result(client, editor, poll):
    for i, answer in enumerate([0, 1, 1]):
        actions.vote(poll_id=poll.pk, answer=answer, who=actions.Voter(voter=f"{i:032x}"))
    head = LiveBlog.objects.get(pk=poll.blog_id).head_seq
    client.force_login(editor)
    response = client.post(_close_url(poll))
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.closed_at is not None and poll.closed_by == editor
    assert poll.final_counts == [1, 2, 0]
    event = BlogEvent.objects.get(blog_id=poll.blog_id, seq=head + 1)
    assert event.kind == "post.updated"
    assert "This poll has closed" in json.loads(event.payload)["post"]["html"]
    entry = AuditEntry.objects.get(action="close_poll")
    assert entry.actor == editor and "Yes: 1, No: 2, Not yet: 0" in entry.changes["result"][1]
    assert "Closed a poll" in client.get(f"/desk/blogs/{poll.blog.slug}/audit/").content.decode()
    # Closing again changes nothing.
    client.post(_close_url(poll))
    assert AuditEntry.objects.filter(action="close_poll").count() == 1


def test_it_closes_at_its_time(editor, post, django_capture_on_commit_callbacks):
    soon = timezone.now() + timezone.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        poll = actions.add_poll(post=post, by=editor, question="Open by noon?", answers=["Yes", "No"], closes_at=soon)
    assert actions.close_due_poll(poll_id=poll.pk) is None  # not yet
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timezone.timedelta(seconds=1))
    with pytest.raises(actions.PollClosed):
        actions.vote(poll_id=poll.pk, answer=0, who=actions.Voter(voter="f" * 32))
    closed = actions.close_due_poll(poll_id=poll.pk)
    assert closed.closed_at is not None and closed.closed_by is None
    assert closed.final_counts == [0, 0]
    assert AuditEntry.objects.filter(action="close_poll", actor=None).exists()


PERSONAS = ["anonymous", "reader", "moderator", "contributor", "reporter", "editor", "admin"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("what", ["add", "close"])
def test_it_lets_only_editors_add_and_close_polls(client, request, persona, what, blog, publish, editor):
    post = publish(blog, headline="A post")
    polled = publish(blog, headline="Polled")
    poll = actions.add_poll(post=polled, by=editor, question="Q?", answers=["A", "B"])
    user = None if persona == "anonymous" else request.getfixturevalue("admin_user" if persona == "admin" else persona)
    if user is not None:
        client.force_login(user)
    before = (AuditEntry.objects.count(), BlogEvent.objects.count(), Poll.objects.count())
    if what == "add":
        response = client.post(f"/desk/blogs/{blog.slug}/posts/{post.pk}/poll/",
                               {"question": "Crafted?", "answer_1": "A", "answer_2": "B"})
    else:
        response = client.post(_close_url(poll))
    after = (AuditEntry.objects.count(), BlogEvent.objects.count(), Poll.objects.count())
    if persona in ("editor", "admin"):
        assert response.status_code == 302 and "/login/" not in response.url
        assert after != before
    else:
        if user is None:
            assert response.status_code == 302 and "/desk/login/" in response.url
        else:
            assert response.status_code == 403
        assert after == before
