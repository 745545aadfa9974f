from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = pgettext_lazy("app name", "Operations")

    def ready(self):
        # The production start-up checks (operations/checks.py) and the
        # request id that jobs inherit from the request that enqueued them.
        from operations import checks, jobs  # noqa: F401

        jobs.install()
