"""What one vote costs the server's process in the fast lane, alone: CPU
time per vote of the whole ASGI application (the observe layer, the routing,
votes/fastlane.py: token, poll state, limits, the batch) called in-process
with N votes, C at a time (as many connections in flight), then the writer's
CPU per vote for writing them in one transaction. No HTTP server, no
network, no readers: what granian adds is not in it.

    .venv/bin/python bench/vote_cost.py            # with Redis (db 12), C = 1, 8, 32
    BENCH_VOTE_COST_REDIS=off .venv/bin/python bench/vote_cost.py

A throwaway SQLite database in a temporary directory; the access log off,
as the benchmarks run."""

import asyncio
import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="newsline-vote-cost-")
atexit.register(shutil.rmtree, TMP, True)
REDIS = os.environ.get("BENCH_VOTE_COST_REDIS", "redis://127.0.0.1:6379/12")
os.environ.update(DJANGO_SETTINGS_MODULE="newsline.settings", NEWSLINE_DEMO="1", SQLITE_PATH=f"{TMP}/db.sqlite3",
                  REALTIME_BROKER="inprocess", VOTES_PER_ADDRESS_PER_MINUTE="100000000",
                  ALLOWED_HOSTS="127.0.0.1", ACCESS_LOG="off", STATIC_ROOT=TMP)
if REDIS != "off":
    os.environ["REDIS_URL"] = REDIS

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", "-v0")
call_command("createcachetable", "-v0")

from django.contrib.auth import get_user_model  # noqa: E402

from liveblogs import actions as blog_actions  # noqa: E402
from newsline.asgi import application  # noqa: E402
from votes import actions, buffer, voters  # noqa: E402

buffer.AUTOSTART = False
N = int(os.environ.get("BENCH_VOTE_COST_N", "3000"))


def setup():
    editor = get_user_model().objects.create_user("cost-editor", role="editor")
    blog = blog_actions.open_blog(blog=blog_actions.create_blog(by=editor, headline="Cost", slug="cost"), by=editor)
    post = blog_actions.publish_post(blog=blog, by=editor,
                                     content=blog_actions.PostContent(headline="Vote", body="<p>Vote.</p>"))
    return actions.add_poll(post=post, by=editor, question="Yes or no?", answers=["Yes", "No"])


async def vote(poll_id: int, token: str) -> int:
    body = json.dumps({"answer": 1, "token": token}).encode()
    scope = {"type": "http", "method": "POST", "path": f"/votes/polls/{poll_id}/", "query_string": b"",
             "root_path": "", "scheme": "http", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                         (b"accept", b"application/json"), (b"content-length", b"%d" % len(body))]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    await application(scope, receive, send)
    return sent[0]["status"]


async def rounds(poll_id: int):
    await vote(poll_id, voters.new_token()[1])  # the poll's state loaded, Redis connected
    await asyncio.to_thread(buffer.write)
    for c in (1, 8, 32):
        tokens = [voters.new_token()[1] for _ in range(N)]
        cpu, wall = time.process_time(), time.perf_counter()
        statuses = []
        for i in range(0, N, c):
            statuses += await asyncio.gather(*[vote(poll_id, t) for t in tokens[i:i + c]])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        waiting = buffer.backlog()
        wcpu = time.process_time()
        await asyncio.to_thread(buffer.write)
        wcpu = time.process_time() - wcpu
        ok = statuses.count(200)
        print(f"C={c:>2}: {ok}/{N} accepted, {1e6 * cpu / N:.0f} µs CPU per vote in the app "
              f"({1e6 * wall / N:.0f} µs wall), {1e6 * wcpu / max(1, waiting):.0f} µs CPU per vote written")


if __name__ == "__main__":
    poll = setup()
    print(f"Redis: {REDIS}; {N} votes per round; load average {open('/proc/loadavg').read().split()[0]}")
    asyncio.run(rounds(poll.pk))
