"""Coalesced live counts: one event per poll per second, whatever the vote
rate and however many processes flush."""

import json

import pytest

from votes import actions, batching
from votes.stream import LOG

pytestmark = pytest.mark.django_db


def _voter(i):
    return actions.Voter(voter=f"{i:032x}")


def _events(slug, after=0):
    return [json.loads(e.payload) for e in LOG.read(slug, after, 50)]


def test_it_sends_one_event_for_many_votes(poll):
    head = LOG.head(poll.blog.slug).seq
    with_commit = []
    for i in range(25):
        actions.vote(poll_id=poll.pk, answer=i % 3, who=_voter(i))
        batching.mark(poll.blog.slug, "poll", poll.pk)  # what the vote's on_commit does
        with_commit.append(i)
    assert batching.flush(now=1000.2) == 1
    events = _events(poll.blog.slug, head)
    assert len(events) == 1
    result = events[0]["polls"][0]
    assert result["poll"] == poll.pk and result["total"] == 25
    assert [a["votes"] for a in result["answers"]] == [9, 8, 8]
    assert [a["percent"] for a in result["answers"]] == [36, 32, 32]
    assert "text" not in result["answers"][0]  # numbers only: the page has the texts
    assert batching.flush(now=1000.5) == 0  # nothing new


def test_it_lets_one_process_count_a_poll_in_any_second(poll):
    slug = poll.blog.slug
    head = LOG.head(slug).seq
    batching.mark(slug, "poll", poll.pk)
    assert batching.flush(now=2000.1) == 1
    # Another process (same shared cache) with a vote for the same poll in the same second:
    actions.vote(poll_id=poll.pk, answer=0, who=_voter(1))
    batching.mark(slug, "poll", poll.pk)
    assert batching.flush(now=2000.9) == 0  # the second is taken: the mark is kept
    assert batching._dirty == {slug: {("poll", poll.pk)}}
    assert batching.flush(now=2001.0) == 1  # and counted in the next one
    assert len(_events(slug, head)) == 2


def test_it_sends_reactions_with_the_same_batching(post):
    from liveblogs.models import Post

    post = Post.objects.select_related("blog").get(pk=post.pk)
    head = LOG.head(post.blog.slug).seq
    for i, kind in enumerate(["like", "like", "wow"]):
        actions.react(post=post, kind=kind, who=_voter(i))
        batching.mark(post.blog.slug, "post", post.pk)
    assert batching.flush(now=3000.0) == 1
    (event,) = _events(post.blog.slug, head)
    assert event["reactions"] == [{"post": post.pk, "counts": {"like": 2, "wow": 1}}]


def test_it_keeps_the_marks_when_counting_fails(poll, monkeypatch):
    batching.mark(poll.blog.slug, "poll", poll.pk)

    def broken(*args, **kwargs):
        raise RuntimeError("database away")

    monkeypatch.setattr(batching, "_emit", broken)
    with pytest.raises(RuntimeError):
        batching.flush(now=4000.0)
    assert batching._dirty == {poll.blog.slug: {("poll", poll.pk)}}
