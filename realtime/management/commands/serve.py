"""Run Newsline's production server: an ASGI server (granian or uvicorn)
serving the one ASGI application: the fast lane, Django, static files; and,
beside it, the background job worker (`manage.py run_worker`), supervised:
restarted if it dies, stopped with the server.

With the worker (the default) this process stays as a small supervisor and
passes SIGTERM/SIGINT on to both children; with JOB_WORKER=off it becomes
the ASGI server itself (exec), as before."""

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from newsline.lib.env import env_bool, env_int
from realtime.brokers import get_broker

# Every open stream is a request in flight; the servers' default caps (1,024
# per worker in granian) would turn readers away long before memory runs out.
MAX_IN_FLIGHT = os.environ.get("WEB_MAX_CONNECTIONS", "20000")


def _uvicorn(host, port, workers):
    # uvloop and httptools: the fastest of uvicorn's loops and parsers.
    return [
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--backlog",
        "4096",
        "--lifespan",
        "on",
        "--timeout-graceful-shutdown",
        "10",
    ]


# A granian worker still running this long after SIGTERM is killed (a backstop).
SERVER_KILL_SECONDS = env_int("WEB_WORKER_KILL_SECONDS", 30, minimum=1)


def _granian(host, port, workers):
    return [
        "--interface",
        "asgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--backpressure",
        MAX_IN_FLIGHT,
        "--backlog",
        "4096",
        "--no-access-log",
        "--loop",
        "uvloop",
        # A backstop: a worker still running this long after SIGTERM is killed. Seen once, a
        # Django request in flight whose async_to_sync hop (around a sync-only middleware, since
        # made async capable) waited for the stopped loop for ever; docs/operations.md.
        "--workers-kill-timeout",
        str(SERVER_KILL_SECONDS),
    ]


def _uvicorn_streams(host, port, workers):
    # A stream node: uvicorn as above, with the same cap on connections in
    # flight as granian's --backpressure (past it, a 503 at once instead of
    # memory growing without bound).
    return [*_uvicorn(host, port, workers), "--limit-concurrency", MAX_IN_FLIGHT]


SERVERS = {"uvicorn": _uvicorn, "granian": _granian}
DEFAULT_SERVER = "granian"

# What a node is for (`--role` / WEB_ROLE) picks the server when WEB_SERVER
# does not. `web` (everything, the default): granian, which serves the page and
# /updates 1.1-2.2x as fast as uvicorn. `streams` (a node behind a proxy that
# sends it /live/*/events): uvicorn. Measured side by side at 10,000 idle
# readers (docs/performance.md, section 10, `make bench ONLY=origin`), once
# the fan-out's per-write timer and per-reader coroutines were gone and the
# start-up objects frozen out of the garbage collector, uvicorn fans out about
# as fast as granian per reader and holds an idle stream in ~14 KB of the
# process against granian's ~32 KB (~22 KB with --http1-buffer-size 8192, the
# smallest it takes). It also hears at once when a reader leaves, and its
# writes wait for a reader that stops reading (granian buffers ~1.5 MB for one):
# both matter most where the streams are.
ROLE_SERVERS = {"web": DEFAULT_SERVER, "streams": "uvicorn"}
ROLE_ARGS = {("streams", "uvicorn"): _uvicorn_streams}
# And the garbage collector's thresholds for a stream node's server process
# (newsline/asgi.py applies WEB_GC_THRESHOLD at start-up; set it to override).
# Python's default, 700 allocations, ran a young collection every few dozen
# deliveries in a fan-out to 10,000 readers and promoted the readers' in-flight
# objects, which set off full collections (each a pause of the whole loop over
# every reader's objects): 3 of them within one 10-event run. At 50,000 none
# ran during the fan-out and its CPU per delivery fell by about a third
# (performance.md, section 10).
ROLE_GC_THRESHOLD = {"streams": "50000,20,20"}

# The catch-up run at start-up: posts whose scheduled time passed while no
# worker was running (liveblogs' command; skipped while it does not exist).
CATCH_UP_COMMAND = "publish_due_posts"
WORKER_STOP_SECONDS = 30  # a running job may finish before the worker is killed


def _die_with_parent():
    """Children get SIGTERM if the supervisor itself is killed (Linux), so
    a `kill -9` of serve leaves no orphaned server or worker behind. They get
    a process group of their own: a Ctrl-C in the terminal reaches only the
    supervisor, which passes it on once (twice would make the job worker
    abandon the job in hand)."""
    os.setpgid(0, 0)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Supervisor:
    """The ASGI server and the job worker as two children. The worker is
    restarted with backoff when it dies; when the server exits, so do we."""

    def __init__(self, server_argv, worker_argv, write):
        self.server_argv = server_argv
        self.worker_argv = worker_argv
        self.write = write
        self.stopping = False
        self.server = self.worker = None
        self.told = []  # the children already passed our stop signal

    def _spawn(self, argv):
        return subprocess.Popen(argv, preexec_fn=_die_with_parent)

    def _signal(self, signum, frame):
        self.stopping = True
        for child in (self.server, self.worker):
            if child is None or child.poll() is not None:
                continue
            # The worker once: a second stop signal is db_worker's "force" (see
            # _stop_worker). The server every time: an operator's second Ctrl-C
            # is its own "stop now", and we wait for the server without a limit.
            if child is self.worker and child in self.told:
                continue
            child.send_signal(signum)
            self.told.append(child)

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._signal)
        self.server = self._spawn(self.server_argv)
        self.worker = self._spawn(self.worker_argv)
        backoff, worker_started = 1.0, time.monotonic()
        while self.server.poll() is None:
            if not self.stopping and self.worker.poll() is not None:
                if time.monotonic() - worker_started > 60:
                    backoff = 1.0  # it ran a good while: a fresh failure, not a crash loop
                self.write(f"serve: job worker exited with {self.worker.returncode}; restarting in {backoff:g} s")
                time.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                if self.stopping or self.server.poll() is not None:
                    break
                self.worker, worker_started = self._spawn(self.worker_argv), time.monotonic()
            time.sleep(0.2)
        code = self.server.wait()
        self._stop_worker()
        return code

    def _stop_worker(self):
        """The server has exited: the worker stops too, told once. A worker
        already passed our SIGTERM is only waited for: a second one makes
        db_worker abandon what it is doing ("press Ctrl+C again to force"),
        and it arrived in the middle of the worker's clean-up whenever the
        server exited first (a loaded machine), leaving its heartbeat row."""
        if self.worker.poll() is not None:
            return
        if self.worker not in self.told:  # the server exited on its own
            self.worker.terminate()
            self.told.append(self.worker)  # a SIGTERM or Ctrl-C to serve while we wait is not passed on again
        try:
            self.worker.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.worker.kill()
            self.worker.wait()


class Command(BaseCommand):
    help = "Serve Newsline (the fast lane, Django and static files) with an ASGI server."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))
        parser.add_argument(
            "--role",
            choices=ROLE_SERVERS,
            default=os.environ.get("WEB_ROLE", "web"),
            help="what this node serves: web (everything; default) or streams (the SSE streams behind a proxy); "
            "picks the server unless --server/WEB_SERVER says",
        )
        parser.add_argument(
            "--server",
            choices=SERVERS,
            default=os.environ.get("WEB_SERVER") or None,
            help=f"the ASGI server (default {DEFAULT_SERVER}, or {ROLE_SERVERS['streams']} with --role streams; "
            "docs/performance.md compares them)",
        )
        parser.add_argument(
            "--no-job-worker",
            dest="job_worker",
            action="store_false",
            default=env_bool("JOB_WORKER", True),
            help="do not start the background job worker beside the server (JOB_WORKER=off); run "
            "`manage.py run_worker` elsewhere",
        )

    def handle(self, *args, host, port, workers, server, job_worker, role="web", **options):
        if role not in ROLE_SERVERS:
            raise CommandError(f"WEB_ROLE={role!r}: expected one of {', '.join(ROLE_SERVERS)}")
        server = server or ROLE_SERVERS[role]
        if server not in SERVERS:
            raise CommandError(f"WEB_SERVER={server!r}: expected one of {', '.join(SERVERS)}")
        from operations.checks import in_production, production_problems

        if in_production():
            problems = production_problems()
            if problems:
                raise CommandError(
                    "refusing to serve in production:\n  - "
                    + "\n  - ".join(problems)
                    + "\n(For a local try-out use `make demo`.)"
                )
        program = shutil.which(server, path=os.path.dirname(sys.executable)) or shutil.which(server)
        server_args = ROLE_ARGS.get((role, server), SERVERS[server])
        if role in ROLE_GC_THRESHOLD:
            os.environ.setdefault("WEB_GC_THRESHOLD", ROLE_GC_THRESHOLD[role])
        argv = [program, *server_args(host, port, workers), "newsline.asgi:application"]
        self.stdout.write(
            f"Serving on http://{host}:{port}/ with {server} (ASGI), {workers} worker(s), role {role}; "
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
        if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # Each worker counts in its own files here, and a scrape of any
            # worker sums them all (prometheus-client's multi-process mode).
            metrics_dir = settings.VAR_DIR / "metrics" / str(port)
            shutil.rmtree(metrics_dir, ignore_errors=True)
            metrics_dir.mkdir(parents=True)
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        if not job_worker:
            sys.stdout.flush()
            os.execv(program, argv)
        if CATCH_UP_COMMAND in get_commands():
            try:
                call_command(CATCH_UP_COMMAND)
            except Exception as exc:  # the server must still start; the worker retries due posts
                self.stderr.write(f"serve: start-up catch-up `{CATCH_UP_COMMAND}` failed: {type(exc).__name__}: {exc}")
        worker_argv = [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_worker", "--no-reload"]
        self.stdout.write("Job worker: manage.py run_worker (supervised; JOB_WORKER=off to run it elsewhere)")
        sys.stdout.flush()
        code = Supervisor(argv, worker_argv, lambda line: (self.stderr.write(line), sys.stderr.flush())).run()
        sys.exit(code if code >= 0 else 128 - code)
