from django.apps import AppConfig


class RealtimeConfig(AppConfig):
    name = "realtime"

    def ready(self):
        # Every write's after-commit signal goes to the chosen broker
        # (REALTIME_BROKER), in every process that writes: server workers,
        # management commands, job workers, tests.
        from realtime import purge
        from realtime.brokers import get_broker

        get_broker()
        purge.install()
