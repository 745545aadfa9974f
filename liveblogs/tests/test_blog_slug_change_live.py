"""A blog's address changes while readers have it open, against the real
server (the fast lane): their stream on the old address is told to start
again, and the old page, stream and updates URLs redirect to the new ones."""

import http.client
import uuid
from urllib.parse import urlsplit

import pytest

from liveblogs import actions
from liveblogs.models import LiveBlog
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)


def _head(server_url, path):
    parts = urlsplit(server_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", path, headers={"Accept": "text/event-stream"})
    r = conn.getresponse()
    status, location = r.status, r.getheader("Location")
    conn.close()
    return status, location


def test_an_open_stream_starts_again_and_old_urls_redirect(asgi_server, unique_blog, publish, editor):
    blog = unique_blog
    old = blog.slug
    publish(blog, headline="Sandbags handed out")
    start = LiveBlog.objects.get(pk=blog.pk)
    # The fast lane serves the old address from its cache and its hub.
    assert _head(asgi_server.url, f"/live/{old}/")[0] == 200
    stream = SSEClient(f"{asgi_server.url}/live/{old}/events?after={start.head_seq}&epoch={start.epoch}")
    assert stream.status == 200

    new = f"moved-{uuid.uuid4().hex[:8]}"
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug=new)

    event = stream.next_event()
    stream.close()
    # The page reloads (live.js), follows the redirect and streams from the new address.
    assert event["data"]["kind"] == "reset"
    assert _head(asgi_server.url, f"/live/{old}/") == (301, f"/live/{new}/")
    assert _head(asgi_server.url, f"/live/{old}/?around=1") == (301, f"/live/{new}/?around=1")
    assert _head(asgi_server.url, f"/live/{old}/events?after=2") == (301, f"/live/{new}/events?after=2")
    assert _head(asgi_server.url, f"/live/{old}/updates?after=2") == (301, f"/live/{new}/updates?after=2")
    fresh = SSEClient(f"{asgi_server.url}/live/{new}/events?after=0&epoch={start.epoch}")
    assert fresh.status == 200
    assert fresh.next_event()["data"]["kind"] == "blog.opened"
    fresh.close()
    assert _head(asgi_server.url, f"/live/nothing-{uuid.uuid4().hex[:6]}/events")[0] == 404
