"""How the fast lane reads a blog's comments log, under its own source name
(`comments`, keyed by the blog's slug). It rides on the blog's stream: its
events travel on the blog's SSE connection as named `comments` events, but
it has its own sequence, so comments never advance the blog's public
stream, its page cache or its ETag."""

import realtime
from community.models import CommentEvent, Thread
from liveblogs.models import LiveBlog

SOURCE = "comments"


class CommentsSource:
    def head(self, key):
        row = (
            Thread.objects.filter(blog__slug=key, blog__status__in=[LiveBlog.Status.LIVE, LiveBlog.Status.ENDED])
            .values_list("epoch", "head_seq")
            .first()
        )
        if row is None:
            if LiveBlog.objects.public().filter(slug=key).exists():
                return realtime.Head(1, 0)  # a public blog nobody has commented on yet
            return None
        return realtime.Head(*row)

    def heads(self, keys):
        rows = Thread.objects.filter(blog__slug__in=keys).values_list("blog__slug", "epoch", "head_seq")
        found = {slug: realtime.Head(epoch, seq) for slug, epoch, seq in rows}
        for key in keys:
            found.setdefault(key, realtime.Head(1, 0))
        return found

    def read(self, key, after, limit):
        blog_id = LiveBlog.objects.filter(slug=key).values_list("id", flat=True).first()
        if blog_id is None:
            return []
        rows = (
            CommentEvent.objects.filter(blog_id=blog_id, seq__gt=after)
            .order_by("seq")
            .values_list("seq", "kind", "payload")[:limit]
        )
        return [realtime.Event(seq, kind, payload.encode()) for seq, kind, payload in rows]


try:
    # Comments ride on the blog's own SSE connection (one connection per tab),
    # as named "comments" events with their own sequence.
    realtime.register_source(SOURCE, CommentsSource(), rides_on="liveblog")
except TypeError:  # a realtime without riders: the stream is still readable by its own URLs
    realtime.register_source(SOURCE, CommentsSource())
