"""The JSON catch-up endpoint, against the real ASGI server."""

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def _get(url, **headers):
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_it_returns_events_after_a_seq_in_order(asgi_server, unique_blog, publish):
    blog = unique_blog
    start = blog.head_seq
    posts = [publish(blog, headline=f"Update {i}") for i in range(3)]
    status, headers, body = _get(f"{asgi_server.url}/live/{blog.slug}/updates?after={start}")
    data = json.loads(body)
    assert status == 200
    assert [e["post"]["id"] for e in data["events"]] == [p.pk for p in posts]
    assert data["head"] == start + 3 and data["more"] is False and data["reset"] is False
    assert "Update 2" in data["events"][2]["post"]["html"]
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert "Set-Cookie" not in headers


def test_it_answers_304_to_a_reader_who_is_up_to_date(asgi_server, unique_blog, publish):
    blog = unique_blog
    publish(blog, headline="Only one")
    url = f"{asgi_server.url}/live/{blog.slug}/updates?after=2"
    status, headers, _ = _get(url)
    assert status == 200
    status, _, body = _get(url, **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    # Through nginx with gzip on, the tag comes back weakened.
    assert _get(url, **{"If-None-Match": "W/" + headers["ETag"]})[0] == 304


def test_it_pages_with_a_more_flag(asgi_server, unique_blog, publish, settings):
    blog = unique_blog
    for i in range(60):  # the server's limit is REALTIME_UPDATES_LIMIT (50)
        publish(blog, headline=f"Burst {i}")
    data = json.loads(_get(f"{asgi_server.url}/live/{blog.slug}/updates?after=0")[2])
    assert len(data["events"]) == 50 and data["more"] is True
    rest = json.loads(_get(f"{asgi_server.url}/live/{blog.slug}/updates?after={data['events'][-1]['seq']}")[2])
    assert len(rest["events"]) == 11 and rest["more"] is False


def test_it_asks_a_reader_from_another_epoch_to_reset(asgi_server, unique_blog):
    data = json.loads(_get(f"{asgi_server.url}/live/{unique_blog.slug}/updates?after=1&epoch=99")[2])
    assert data["reset"] is True and data["events"] == []


def test_it_is_404_for_an_unknown_blog(asgi_server):
    assert _get(f"{asgi_server.url}/live/nothing-here/updates")[0] == 404


def test_it_refuses_a_host_django_would_refuse(asgi_server, unique_blog):
    assert _get(f"{asgi_server.url}/live/{unique_blog.slug}/updates", Host="evil.example")[0] == 400
    assert _get(f"{asgi_server.url}/live/{unique_blog.slug}/", Host="evil.example")[0] == 400


def test_it_serves_a_blog_whose_address_is_in_cyrillic(asgi_server, editor, publish):
    """Issue 13: the browser sends /live/повінь-…/updates percent-encoded; the
    fast lane sees the decoded path and must take it, not hand it to Django."""
    import uuid
    from urllib.parse import quote

    from liveblogs import actions
    from realtime.purge import surrogate_key

    slug = f"повінь-{uuid.uuid4().hex[:8]}"
    blog = actions.open_blog(blog=actions.create_blog(by=editor, headline="Повінь", slug=slug), by=editor)
    start = blog.head_seq
    post = publish(blog, headline="Вода спадає")
    status, headers, body = _get(f"{asgi_server.url}/live/{quote(slug)}/updates?after={start}")
    assert status == 200
    data = json.loads(body)
    assert [e["post"]["id"] for e in data["events"]] == [post.pk]
    assert "Вода спадає" in data["events"][0]["post"]["html"]
    # One ASCII header value a CDN purge can name.
    assert headers["Surrogate-Key"] == surrogate_key("liveblog", slug) == f"liveblog-{quote(slug)}"
    status, _headers, page = _get(f"{asgi_server.url}/live/{quote(slug)}/")
    assert status == 200
    assert "Вода спадає" in page.decode()
