"""What operations/asgi.py's observe layer costs per request, alone: CPU time
of an ASGI app that does nothing, bare and wrapped (access log off, then on:
the settings' own console handler with its request-id and redaction filters
and JSON formatter, its stream pointed at a file), 20,000 requests each, in
five interleaved rounds.

    .venv/bin/python bench/observe_cost.py

In one process, with in-memory metrics (as `manage.py serve --workers 1`)."""

import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
os.environ.setdefault("NEWSLINE_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from operations.asgi import observe  # noqa: E402

HEADERS = [(b"content-type", b"application/json"), (b"etag", b'"abc"'), (b"cache-control", b"public, max-age=5")]
SCOPE = {"type": "http", "method": "GET", "path": "/live/bench50/updates", "query_string": b"after=50",
         "scheme": "http", "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*"), (b"user-agent", b"wrk")]}


async def app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": b'{"events":[]}'})


async def receive():
    return {"type": "http.request"}


async def send(message):
    pass


async def per_request_us(asgi, n):
    began = time.process_time()
    for _ in range(n):
        await asgi(dict(SCOPE), receive, send)
    return (time.process_time() - began) / n * 1e6


async def main(n=20_000, rounds=5):
    wrapped = observe(app)
    root = logging.getLogger()
    root.setLevel(logging.INFO)  # production's LOG_LEVEL
    [console] = root.handlers
    console.setStream(open(Path(tempfile.mkdtemp()) / "access.log", "w"))
    results = {"the app alone": [], "observe, ACCESS_LOG=off": [], "observe, access line (JSON to a file)": []}
    for _ in range(rounds):
        results["the app alone"].append(await per_request_us(app, n))
        settings.ACCESS_LOG = False
        results["observe, ACCESS_LOG=off"].append(await per_request_us(wrapped, n))
        settings.ACCESS_LOG = True
        results["observe, access line (JSON to a file)"].append(await per_request_us(wrapped, n))
    print(f"load average {os.getloadavg()[0]:.1f}; CPU µs per request, median of {rounds} (min-max):")
    for name, values in results.items():
        values.sort()
        print(f"  {name}: {values[len(values) // 2]:.1f} ({values[0]:.1f}-{values[-1]:.1f})")


if __name__ == "__main__":
    asyncio.run(main())
