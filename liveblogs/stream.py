"""How the fast lane reads a live blog's event log. Registered at start-up."""

import realtime
from liveblogs.models import BlogEvent, LiveBlog

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
