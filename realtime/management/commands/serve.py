"""Run Newsline's production server: an ASGI server (granian or uvicorn)
serving the one ASGI application: the fast lane, Django, static files."""

import os
import shutil
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from realtime.brokers import get_broker


# Every open stream is a request in flight; the servers' default caps (1,024
# per worker in granian) would turn readers away long before memory runs out.
MAX_IN_FLIGHT = os.environ.get("WEB_MAX_CONNECTIONS", "20000")


def _uvicorn(host, port, workers):
    # uvloop and httptools: the fastest of uvicorn's loops and parsers.
    return ["--host", host, "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
            "--http", "httptools", "--no-access-log", "--backlog", "4096", "--lifespan", "on",
            "--timeout-graceful-shutdown", "10"]


def _granian(host, port, workers):
    return ["--interface", "asgi", "--host", host, "--port", str(port), "--workers", str(workers),
            "--backpressure", MAX_IN_FLIGHT, "--backlog", "4096", "--no-access-log", "--loop", "uvloop"]


SERVERS = {"uvicorn": _uvicorn, "granian": _granian}
DEFAULT_SERVER = "granian"


class Command(BaseCommand):
    help = "Serve Newsline (the fast lane, Django and static files) with an ASGI server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))
        parser.add_argument(
            "--server", choices=SERVERS, default=os.environ.get("WEB_SERVER", DEFAULT_SERVER),
            help=f"the ASGI server (default {DEFAULT_SERVER}; docs/performance.md compares them)",
        )

    def handle(self, *args, host, port, workers, server, **options):
        if server not in SERVERS:
            raise CommandError(f"WEB_SERVER={server!r}: expected one of {', '.join(SERVERS)}")
        program = shutil.which(server, path=os.path.dirname(sys.executable)) or shutil.which(server)
        argv = [program, *SERVERS[server](host, port, workers), "newsline.asgi:application"]
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with {server} (ASGI), {workers} worker(s); "
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
        os.execv(program, argv)
