"""How the fast lane reads a live blog's event log. Registered at start-up."""

import realtime
from liveblogs.models import BlogEvent, LiveBlog

SOURCE = "liveblog"


class LiveBlogSource:
    def head(self, key):
        row = LiveBlog.objects.public().filter(slug=key).values_list("epoch", "head_seq").first()
        return realtime.Head(row[0], row[1]) if row else None

    def heads(self, keys):
        rows = LiveBlog.objects.public().filter(slug__in=keys).values_list("slug", "epoch", "head_seq")
        return {slug: realtime.Head(epoch, seq) for slug, epoch, seq in rows}

    def read(self, key, after, limit):
        rows = (
            BlogEvent.objects.filter(blog__slug=key, seq__gt=after)
            .order_by("seq")
            .values_list("seq", "kind", "payload")[:limit]
        )
        return [realtime.Event(seq, kind, payload.encode()) for seq, kind, payload in rows]


realtime.register_source(SOURCE, LiveBlogSource())
