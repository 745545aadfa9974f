from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        # Tell the fast lane how to read the comments log (a stream of its own,
        # so comments never advance a blog's public sequence).
        from community import keyevents, receivers, stream  # noqa: F401
        from liveblogs.consumers import BLOG_LOG

        BLOG_LOG.register(keyevents.CONSUMER)
