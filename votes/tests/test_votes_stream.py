"""Poll results on the real server: votes sent over HTTP reach an open SSE
connection to the blog as batched, named `votes` events with no id, and the
blog's own sequence does not move."""

import json
import urllib.request

import pytest

from liveblogs.models import LiveBlog
from tests.sse import SSEClient
from votes import actions

pytestmark = pytest.mark.django_db(transaction=True)


def _get_json(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
        return json.loads(r.read())


def _vote(server, poll, answer):
    token = _get_json(f"{server.url}/votes/voter?blog={poll.blog.slug}&new=1")["token"]
    request = urllib.request.Request(
        f"{server.url}/votes/polls/{poll.pk}/", method="POST",
        data=json.dumps({"answer": answer, "token": token}).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as r:
        assert r.status == 200


def test_it_sends_batched_results_on_the_blogs_stream(asgi_server, unique_blog, publish, editor):
    post = publish(unique_blog, headline="Vote on the pier")
    poll = actions.add_poll(post=post, by=editor, question="Reopen the pier?", answers=["Yes", "No"])
    blog = LiveBlog.objects.get(pk=unique_blog.pk)
    stream = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after={blog.head_seq}&epoch={blog.epoch}")
    try:
        assert stream.status == 200
        for answer in (0, 0, 1, 0):
            _vote(asgi_server, poll, answer)
        seen = []
        while True:  # the flusher may split the four votes over two seconds
            event = stream.next_event()
            assert event["event"] == "votes", event
            assert event["id"] is None  # a rider: the connection's Last-Event-ID stays the blog's
            seen.append(event["data"])
            (result,) = event["data"]["polls"]
            if result["total"] == 4:
                break
        assert [a["votes"] for a in result["answers"]] == [3, 1]
        assert [a["percent"] for a in result["answers"]] == [75, 25]
        assert len(seen) <= 4
    finally:
        stream.close()
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == blog.head_seq
