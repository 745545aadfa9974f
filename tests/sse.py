"""A small blocking Server-Sent Events client for tests of the real server."""

import http.client
import json
import time
from urllib.parse import urlsplit


class SSEClient:
    def __init__(self, url: str, last_event_id: str | None = None, timeout: float = 15, headers: dict | None = None):
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Accept": "text/event-stream", **(headers or {})}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        self.conn.request("GET", path, headers=headers)
        self.response = self.conn.getresponse()
        self.last_id: str | None = last_event_id
        self.retry: int | None = None

    @property
    def status(self) -> int:
        return self.response.status

    def next_event(self, deadline: float | None = None) -> dict:
        """The next event as {"event", "id", "data"}; comments are skipped.
        With a deadline (time.monotonic()), a stream that sends only
        keep-alive comments past it raises TimeoutError."""
        event: dict = {"event": "message", "id": None, "data": []}
        while True:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("no event before the deadline")
            raw = self.response.readline()
            if not raw:
                raise EOFError("stream closed")
            line = raw.decode().rstrip("\n")
            if line == "":
                if event["data"]:
                    if event["id"] is not None:
                        self.last_id = event["id"]
                    event["data"] = json.loads("\n".join(event["data"]))
                    return event
                continue
            if line.startswith(":"):
                continue
            field, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if field == "data":
                event["data"].append(value)
            elif field == "id":
                event["id"] = value
            elif field == "event":
                event["event"] = value
            elif field == "retry":
                self.retry = int(value)

    def take(self, n: int) -> list[dict]:
        return [self.next_event() for _ in range(n)]

    def close(self):
        self.conn.close()
