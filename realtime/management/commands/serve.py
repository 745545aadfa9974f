"""Run Newsline's production server: granian serving the one ASGI
application (fast lane + Django) and the collected static files."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from realtime.brokers import get_broker


class Command(BaseCommand):
    help = "Serve Newsline with granian (ASGI): the fast lane, Django and static files."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))

    def handle(self, *args, host, port, workers, **options):
        granian = shutil.which("granian", path=os.path.dirname(sys.executable)) or shutil.which("granian")
        argv = [
            granian,
            "--interface", "asgi",
            "--host", host,
            "--port", str(port),
            "--workers", str(workers),
            "--static-path-route", settings.STATIC_URL.rstrip("/"),
            "--static-path-mount", str(settings.STATIC_ROOT),
            "--no-access-log",
            "newsline.asgi:application",
        ]
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with granian (ASGI), {workers} worker(s); "
            f"live updates: broker {get_broker().describe()}, "
            f"behind it a {settings.REALTIME_POLL_SECONDS:g}s log poll."
        )
        if workers > 1 and get_broker().name == "inprocess":
            self.stdout.write(
                "Note: with no broker between the workers, a reader on another worker sees a new post "
                f"within {settings.REALTIME_POLL_SECONDS:g}s. Use PostgreSQL or set REDIS_URL for instant wake-ups "
                "(docs/realtime-brokers.md)."
            )
        self.stdout.write(" ".join(argv[1:]))
        sys.stdout.flush()
        os.execv(granian, argv)
