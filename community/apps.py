from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"

    def ready(self):
        # Tell the fast lane how to read the comments log (a stream of its own,
        # so comments never advance a blog's public sequence).
        from community import keyevents, receivers, stream  # noqa: F401
        from liveblogs.consumers import BLOG_LOG

        BLOG_LOG.register(keyevents.CONSUMER)
