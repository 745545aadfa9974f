from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "Distribution"

    def ready(self):
        from distribution import consumers, indexing, listeners, webhooks
        from realtime.registry import add_listener

        consumers.register(indexing.SearchConsumer())
        consumers.register(webhooks.WebhookConsumer())
        # After each write's commit: index inline, hand webhooks to the queue.
        add_listener(listeners.after_blog_event)
