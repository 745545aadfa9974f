"""The desk's private stream (/desk/stream/<slug>/events) against the real
server: presence changes reach another editor's open stream at once; only
the blog's team gets in, with a session; it is never cacheable and never
moves the blog's public sequence."""

import pytest
from django.conf import settings
from django.test import Client

from liveblogs import actions
from liveblogs.models import LiveBlog
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)


def session_of(user) -> tuple[Client, str]:
    client = Client()
    client.force_login(user)
    return client, f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_it_carries_who_joins_edits_and_leaves_to_other_desks(asgi_server, unique_blog, editor, reporter, publish):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    post = publish(blog, headline="Levee inspection", by=reporter)
    public_head = LiveBlog.objects.get(pk=blog.pk).head_seq
    _, cookie = session_of(editor)
    stream = SSEClient(f"{asgi_server.url}/desk/stream/{blog.slug}/events", headers={"Cookie": cookie})
    try:
        assert stream.status == 200
        assert stream.response.getheader("Cache-Control") == "private, no-store, no-transform"
        writer, _ = session_of(reporter)
        url = f"/desk/blogs/{blog.slug}/presence/"
        # Through the real server, so its hub is woken by the write itself.
        writer.post(url)  # in-process test client: its after-commit signal reaches the server by the log poll

        joined = stream.next_event()["data"]
        assert joined["kind"] == "presence.joined"
        assert joined["person"] == {"id": reporter.pk, "name": "Rita Reporter"}
        writer.post(url, {"post": post.pk})
        editing = stream.next_event()["data"]
        assert editing["kind"] == "presence.editing"
        assert [p["editing"] for p in editing["people"] if p["id"] == reporter.pk] == [
            {"id": post.pk, "title": "Levee inspection"}
        ]
        writer.post(url, {"post": post.pk})  # a heartbeat that changes nothing says nothing
        writer.post(url, {"leave": "1"})
        left = stream.next_event()["data"]
        assert left["kind"] == "presence.left"
        assert left["people"] == []
    finally:
        stream.close()
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == public_head


def test_it_lets_in_only_the_blogs_team_with_a_session(asgi_server, unique_blog, reporter, reader):
    url = f"{asgi_server.url}/desk/stream/{unique_blog.slug}/events"
    for headers in ({}, {"Cookie": session_of(reader)[1]}, {"Cookie": session_of(reporter)[1]}):  # not on the team
        refused = SSEClient(url, headers=headers)
        try:
            assert refused.status == 403
            assert refused.response.getheader("Cache-Control") == "private, no-store"
        finally:
            refused.close()


def test_it_has_no_cacheable_catch_up_or_page(asgi_server, unique_blog, editor):
    client = Client()
    client.force_login(editor)
    for tail in ("updates", ""):
        assert client.get(f"/desk/stream/{unique_blog.slug}/{tail}").status_code == 404
    import urllib.error
    import urllib.request

    for tail in ("updates", ""):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{asgi_server.url}/desk/stream/{unique_blog.slug}/{tail}")
        assert refused.value.code == 404


@pytest.mark.django_db(transaction=False)
def test_it_asks_for_the_sessions_two_factor_sign_in_where_staff_need_it(settings, client, blog, editor):
    """The stream's gate (DeskSource.allow, what the fast lane calls with the
    request's headers) applies the desk's two-factor rule itself: the fast
    lane bypasses Django's middleware."""
    from accounts.tests.test_staff_two_factor import enrol, sign_in_with_code, totp_code
    from liveblogs.stream import DeskSource

    settings.STAFF_REQUIRE_2FA = True
    gate = DeskSource()

    def cookie(c):
        return {b"cookie": f"{settings.SESSION_COOKIE_NAME}={c.cookies[settings.SESSION_COOKIE_NAME].value}".encode()}

    client.force_login(editor)  # a password-only session
    assert gate.allow(blog.slug, cookie(client)) is False
    secret = enrol(editor)
    assert gate.allow(blog.slug, cookie(client)) is False  # enrolled, but this session never gave a code
    fresh = Client()
    sign_in_with_code(fresh, editor, totp_code(secret))
    assert gate.allow(blog.slug, cookie(fresh)) is True
    assert gate.allow("no-such-blog", cookie(fresh)) is False
    settings.STAFF_REQUIRE_2FA = False
    assert gate.allow(blog.slug, cookie(client)) is True
