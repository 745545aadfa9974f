from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = _("Distribution")

    def ready(self):
        from distribution import indexing, listeners, webhooks
        from liveblogs.consumers import BLOG_LOG
        from realtime.registry import add_listener

        BLOG_LOG.register(indexing.SearchConsumer())
        BLOG_LOG.register(webhooks.WebhookConsumer())
        # After each write's commit: queue every consumer of the log for the job
        # worker (search indexing too); nothing else runs in the writer's request.
        add_listener(listeners.after_blog_event)
