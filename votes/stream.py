"""How the fast lane reads a blog's votes log: batched poll results and
reaction counts, under their own source name (`votes`, keyed by the blog's
slug), riding on the blog's SSE connection as named `votes` events. The log
lives in the shared cache (realtime.cachelog): each event is a snapshot of
the counts that changed, so a page needs only the latest, and nothing here
ever touches the blog's sequence, page cache or ETag."""

import realtime
from liveblogs.models import LiveBlog
from realtime.cachelog import CacheLog

SOURCE = "votes"
LOG = CacheLog("votes-log", "votes", seconds=300)


class VotesSource:
    def head(self, key):
        if not LiveBlog.objects.public().filter(slug=key).exists():
            return None
        return LOG.head(key)

    def heads(self, keys):
        public = set(LiveBlog.objects.public().filter(slug__in=keys).values_list("slug", flat=True))
        return LOG.heads([k for k in keys if k in public])

    def read(self, key, after, limit):
        return LOG.read(key, after, limit)


realtime.register_source(SOURCE, VotesSource(), rides_on="liveblog")
