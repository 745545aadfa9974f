"""A rider stream (comments on a blog) travels on its host's SSE connection:
its events arrive as named events without an id, and the host's position,
Last-Event-ID and head never move for them.

Driven in-process through the real FastLane and Hub with two in-memory
sources, so the test needs no app of ours and no database."""

import asyncio
import json

import pytest

import realtime
from realtime import registry
from realtime.fastlane import FastLane
from realtime.hub import get_hub
from tests.asyncio_thread import run_in_thread


class MemorySource:
    def __init__(self, kind):
        self.kind = kind
        self.events: dict[str, list[realtime.Event]] = {}

    def add(self, key, data):
        log = self.events.setdefault(key, [])
        seq = len(log) + 1
        log.append(realtime.Event(seq, self.kind, json.dumps({"kind": self.kind, "seq": seq, **data}).encode()))
        return seq

    def head(self, key):
        return realtime.Head(1, len(self.events[key])) if key in self.events else None

    def heads(self, keys):
        return {k: self.head(k) for k in keys if k in self.events}

    def read(self, key, after, limit):
        return self.events.get(key, [])[after : after + limit]


@pytest.fixture(autouse=True)
def quick_heartbeat(settings):
    # A reader whose client has left stops at its stream's next wake-up: a
    # heartbeat every second (as the test servers have) rather than every
    # twenty lets each test end as soon as its reader has gone.
    settings.REALTIME_HEARTBEAT_SECONDS = 1


@pytest.fixture
def sources():
    host, rider = MemorySource("post"), MemorySource("comment")
    realtime.register_source("t-host", host)
    realtime.register_source("t-rider", rider, rides_on="t-host")
    yield host, rider
    registry._sources.pop("t-host"), registry._sources.pop("t-rider"), registry._hosts.pop("t-rider")


def parse(raw: bytes) -> list[dict]:
    frames = []
    for block in raw.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(":"))
        if "data" in fields:
            frames.append({"id": fields.get("id"), "event": fields.get("event"), "data": json.loads(fields["data"])})
    return frames


async def open_stream(lane, path, query=b"", headers=()):
    chunks, disconnect = [], asyncio.Event()

    async def receive():
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.body":
            chunks.append(message["body"])

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": query,
        "headers": [(b"host", b"testserver"), *headers],
    }
    task = asyncio.ensure_future(lane(scope, receive, send, lane.match(scope)))
    return chunks, disconnect, task


async def until(predicate):
    for _ in range(400):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the stream never delivered what was expected")


async def finish(disconnect, task):
    disconnect.set()
    await asyncio.wait_for(task, 5)
    await get_hub().close()


def test_it_carries_rider_events_on_the_host_connection_without_ids(sources, settings):
    host, rider = sources
    host.add("b1", {"title": "First post"})
    rider.add("b1", {"text": "An old comment the page loads itself"})
    lane = FastLane({"/t/": "t-host"})

    async def scenario():
        chunks, disconnect, task = await open_stream(lane, "/t/b1/events", b"after=1")
        try:
            await until(lambda: b"retry:" in b"".join(chunks))
            rider.add("b1", {"text": "Hello from the comments"})
            realtime.signal("t-rider", "b1", 2)
            await until(lambda: b"Hello" in b"".join(chunks))
            host.add("b1", {"title": "Second post"})
            realtime.signal("t-host", "b1", 2)
            await until(lambda: b"Second post" in b"".join(chunks))
        finally:
            await finish(disconnect, task)
        return parse(b"".join(chunks))

    frames = run_in_thread(scenario)
    assert [(f["event"], f["id"], f["data"]["seq"]) for f in frames] == [
        ("t-rider", None, 2),  # the comment: named, no id, older ones not replayed
        (None, "1-2", 2),  # the post: the host's own sequence, untouched by the comment
    ]
    assert frames[0]["data"]["text"] == "Hello from the comments"


def test_it_leaves_a_host_without_riders_as_it_was(sources):
    host, _rider = sources
    host.add("b2", {"title": "Only post"})
    lane = FastLane({"/t/": "t-host"})

    async def scenario():
        chunks, disconnect, task = await open_stream(lane, "/t/b2/events", b"after=0")
        try:
            await until(lambda: b"Only post" in b"".join(chunks))
        finally:
            await finish(disconnect, task)
        return parse(b"".join(chunks))

    frames = run_in_thread(scenario)
    assert [(f["event"], f["id"]) for f in frames] == [(None, "1-1")]
