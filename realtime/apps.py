from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"

    def ready(self):
        # Every write's after-commit signal goes to the chosen broker
        # (REALTIME_BROKER), in every process that writes: server workers,
        # management commands, job workers, tests.
        from realtime import grip, purge
        from realtime.brokers import get_broker
        from realtime.registry import add_publisher

        get_broker()
        purge.install()
        # Each write's events go to the GRIP proxy, when REALTIME_GRIP_URL is set.
        add_publisher(grip.publish)
