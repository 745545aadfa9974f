from django.apps import AppConfig


class LiveblogsConfig(AppConfig):
    name = "liveblogs"

    def ready(self):
        # Tell the fast lane how to read this app's event log.
        from liveblogs import stream  # noqa: F401
