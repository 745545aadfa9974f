"""The reader page served from the fast lane's in-memory cache."""

import time
import urllib.error
import urllib.request

import pytest
from django.test import Client

from liveblogs import actions
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _get(url, **headers):
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_it_serves_the_page_from_memory_until_the_blog_changes(asgi_server, unique_blog, publish):
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    publish(unique_blog, headline="Cached headline")
    wait_for(lambda: b"Cached headline" in _get(url)[2])
    status, headers, body = _get(url)
    assert status == 200 and headers["X-Cache"] == "hit"
    publish(unique_blog, headline="Fresh headline")
    # The first answer with the new post is rendered anew (the cached page
    # stopped being fresh when the server learnt of the new head), and is
    # then what the next reader gets from memory.
    status, headers, body = wait_for(lambda: (r := _get(url))[2].count(b"Fresh headline") and r)
    assert headers["X-Cache"] == "miss"
    assert b"Cached headline" in body
    again = _get(url)
    assert again[1]["X-Cache"] == "hit" and again[2] == body


def test_it_answers_304_from_memory(asgi_server, unique_blog, publish):
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    publish(unique_blog, headline="Once")
    etag = wait_for(lambda: (r := _get(url))[2].count(b"Once") and r[1]["ETag"])
    status, headers, body = _get(url, **{"If-None-Match": etag})
    assert status == 304 and body == b""


def test_it_gives_signed_in_readers_the_same_bytes_and_no_cookie(asgi_server, unique_blog, publish, reader):
    publish(unique_blog, headline="Same for all")
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    client = Client()
    client.force_login(reader)
    session = client.cookies["sessionid"].value
    anonymous = wait_for(lambda: (r := _get(url))[2].count(b"Same for all") and r)
    signed_in = _get(url, Cookie=f"sessionid={session}; csrftoken=abc")
    assert signed_in[2] == anonymous[2]
    for status, headers, _ in (anonymous, signed_in):
        assert "Set-Cookie" not in headers
        assert "Cookie" not in (headers.get("Vary") or "")


def test_it_never_caches_a_draft_blogs_404(asgi_server, editor):
    blog = actions.create_blog(by=editor, headline="Embargoed", slug=f"embargo-{time.monotonic_ns()}")
    url = f"{asgi_server.url}/live/{blog.slug}/"
    assert _get(url)[0] == 404
    actions.open_blog(blog=blog, by=editor)
    assert _get(url)[0] == 200


def test_it_leaves_older_pages_to_django(asgi_server, unique_blog, publish):
    post = publish(unique_blog, headline="Deep link")
    status, headers, body = _get(f"{asgi_server.url}/live/{unique_blog.slug}/?around={post.pk}")
    assert status == 200 and b"Deep link" in body
    assert "X-Cache" not in headers


def test_it_shows_a_new_headline_after_the_blog_is_edited(asgi_server, unique_blog, editor):
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    _get(url)
    actions.update_blog(blog=unique_blog, by=editor, headline="Floods: the clean-up begins", standfirst="", topics=[])
    wait_for(lambda: b"Floods: the clean-up begins" in _get(url)[2])


def test_it_sends_no_content_length_with_a_304(asgi_server, unique_blog, publish):
    url = f"{asgi_server.url}/live/{unique_blog.slug}/"
    publish(unique_blog, headline="Length check")
    etag = wait_for(lambda: (r := _get(url))[2].count(b"Length check") and r[1]["ETag"])
    status, headers, body = _get(url, **{"If-None-Match": etag})
    assert status == 304
    assert headers.get("Content-Length") in (None, "0")
