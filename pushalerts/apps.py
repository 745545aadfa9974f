from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushAlertsConfig(AppConfig):
    name = "pushalerts"
    verbose_name = _("Push alerts")

    def ready(self):
        # A consumer of the blogs' event log with its own saved position, like
        # community's key-event alerts (docs/realtime.md, "One event log").
        from liveblogs.consumers import BLOG_LOG
        from pushalerts import consumer

        BLOG_LOG.register(consumer.CONSUMER)
