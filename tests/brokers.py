"""Helpers shared by the broker tests (realtime/tests/test_brokers_*.py):
SSE readers on real servers, a warm-up, and a pin made through a server's desk."""

import http.client
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.sse import SSEClient

READ_TIMEOUT = 10  # seconds the SSE client waits for a frame before the test fails


def open_reader(server, blog) -> SSEClient:
    blog.refresh_from_db()
    reader = SSEClient(f"{server.url}/live/{blog.slug}/events?after={blog.head_seq}", timeout=READ_TIMEOUT)
    assert reader.status == 200
    return reader


def warm_up(readers, blog, publish):
    """Servers subscribe when their hub starts, at their first stream. An
    event that reaches every reader proves each server is subscribed (it came
    by the broker or by the re-read of heads that follows subscribing)."""
    publish(blog, headline="Warm-up")
    for reader in readers:
        assert reader.next_event()["data"]["post"]["title"] == "Warm-up"


def pin_through(server, post, user):
    """Pin `post` through the desk of `server`, over HTTP, as an editor would."""
    client = Client()
    client.force_login(user)  # the session lives in the database the server shares
    token = get_random_string(32)
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=READ_TIMEOUT)
    conn.request(
        "POST",
        reverse("desk:post_pin", args=[post.blog.slug, post.pk]),
        body="pinned=yes",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
        },
    )
    status = conn.getresponse().status
    conn.close()
    assert status == 302
