"""How the fast lane reads a live blog's event log. Registered at start-up."""

import realtime
from liveblogs import presence
from liveblogs.models import BlogEvent, LiveBlog
from realtime import audience

SOURCE = "liveblog"


class LiveBlogSource:
    def __init__(self):
        # slug -> blog id, refreshed by every head()/heads() (the hub asks for
        # heads before it reads), so a slug reused by a new blog is picked up.
        self._ids: dict[str, int] = {}

    def _blog_id(self, key) -> int | None:
        blog_id = self._ids.get(key)
        if blog_id is None:
            blog_id = LiveBlog.objects.filter(slug=key).values_list("id", flat=True).first()
            if blog_id is not None:
                self._ids[key] = blog_id
        return blog_id

    def head(self, key):
        row = LiveBlog.objects.public().filter(slug=key).values_list("id", "epoch", "head_seq").first()
        if row is None:
            return None
        self._ids[key] = row[0]
        return realtime.Head(row[1], row[2])

    def heads(self, keys):
        rows = LiveBlog.objects.public().filter(slug__in=keys).values_list("slug", "id", "epoch", "head_seq")
        self._ids.update((slug, blog_id) for slug, blog_id, _, _ in rows)
        return {slug: realtime.Head(epoch, seq) for slug, _, epoch, seq in rows}

    def read(self, key, after, limit):
        # By blog id, not a join on the slug: the (blog, seq) index then
        # yields the next `limit` events in order and stops (joined, PostgreSQL
        # read and sorted every event after `after`).
        blog_id = self._blog_id(key)
        if blog_id is None:
            return []
        rows = (
            BlogEvent.objects.filter(blog_id=blog_id, seq__gt=after)
            .order_by("seq")
            .values_list("seq", "kind", "payload")[:limit]
        )
        return [realtime.Event(seq, kind, payload.encode()) for seq, kind, payload in rows]


realtime.register_source(SOURCE, LiveBlogSource())


class DeskSource:
    """The blog's private desk stream (presence changes), keyed by slug.
    Its log is in the shared cache (liveblogs.presence); a connection is let
    in only with a desk session that may see the blog (`allow`)."""

    def head(self, key):
        if not LiveBlog.objects.filter(slug=key).exists():
            return None
        return presence.head(key)

    def heads(self, keys):
        found = set(LiveBlog.objects.filter(slug__in=keys).values_list("slug", flat=True))
        return {key: presence.head(key) for key in keys if key in found}

    def read(self, key, after, limit):
        return presence.read(key, after, limit)

    def allow(self, key, headers) -> bool:
        """The desk's own gates, from the request's cookies: a live session,
        a newsroom role on this blog's team (liveblogs.access), and the
        session's two-factor sign-in where staff need one."""
        from importlib import import_module

        from django.conf import settings
        from django.contrib.auth import get_user
        from django.http import HttpRequest
        from django.http.cookie import parse_cookie

        from accounts import twofactor
        from liveblogs import access

        cookies = parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return False
        request = HttpRequest()
        request.COOKIES = cookies
        request.session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        request.user = get_user(request)
        blog = LiveBlog.objects.filter(slug=key).first()
        if blog is None or not access.can_view_blog(request.user, blog):
            return False
        if settings.STAFF_REQUIRE_2FA and twofactor.needs_two_factor(request.user):
            return twofactor.has_two_factor(request.user) and twofactor.passed_in_session(request)
        return True


realtime.register_source(presence.SOURCE, DeskSource(), private=True)


def _readers_changed(source, key, total):
    if source == SOURCE:
        presence.announce_readers(key, total)


# "Readers now" on the desk moves as readers come and go (realtime/audience.py).
audience.on_change(_readers_changed)
