"""Legal takedown against the real server: an open stream is told to start
again, and no replay (SSE resume or the updates endpoint) carries the text,
even from the server's in-memory ring."""

import json
import time
import urllib.error
import urllib.request

import pytest

from liveblogs import actions
from liveblogs.models import LiveBlog
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "the name a court has ordered withheld"


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_it_resets_open_streams_and_scrubs_every_replay(asgi_server, unique_blog, publish, editor):
    blog = unique_blog
    start = LiveBlog.objects.get(pk=blog.pk)
    post = publish(blog, headline="Hearing adjourned", body=f"<p>Witness: {SECRET}.</p>")
    # The server has the event rendered in its ring now.
    updates = f"{asgi_server.url}/live/{blog.slug}/updates?after={start.head_seq}&epoch={start.epoch}"
    assert SECRET in _get(updates)[1]
    stream = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after={start.head_seq + 1}&epoch={start.epoch}")

    actions.remove_post(post=post, by=editor, reason="Court order")

    event = stream.next_event()
    stream.close()
    assert event["data"]["kind"] == "reset"
    after = LiveBlog.objects.get(pk=blog.pk)
    for _ in range(100):  # until the server has seen the new epoch (its log poll)
        status, body = _get(f"{asgi_server.url}/live/{blog.slug}/updates?after=0&epoch={after.epoch}")
        if json.loads(body)["epoch"] == after.epoch:
            break
        time.sleep(0.1)
    data = json.loads(body)
    assert data["epoch"] == after.epoch and not data["reset"]
    assert SECRET not in body and "Hearing adjourned" not in body
    assert [e["kind"] for e in data["events"] if e.get("post", {}).get("id") == post.pk] == [
        "post.deleted",
        "post.deleted",
    ]
    resumed = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after=0&epoch={after.epoch}")
    replay = [resumed.next_event() for _ in range(after.head_seq)]
    resumed.close()
    assert all(SECRET not in json.dumps(e["data"]) for e in replay)
    status, page = _get(f"{asgi_server.url}/live/{blog.slug}/")
    assert status == 200 and SECRET not in page
    assert _get(f"{asgi_server.url}/live/{blog.slug}/?around={post.pk}")[0] == 410
