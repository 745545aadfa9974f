"""The desk's "readers now": real SSE readers connected to two real servers
(two nodes on one database and cache) are added up on the desk."""

import re
import time

import pytest
from django.test import Client

from tests.server import Server
from tests.sse import SSEClient

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_readers(client: Client, slug: str, expected: int) -> int:
    """The desk heartbeat's count, asked until it says `expected` (servers
    report every few seconds) or 40 s pass; returns the last answer."""
    deadline = time.monotonic() + 40
    while True:
        seen = client.post(f"/desk/blogs/{slug}/presence/").json()["readers"]
        if seen == expected or time.monotonic() > deadline:
            return seen
        time.sleep(0.5)


@pytest.fixture
def second_node(tmp_path):
    server = Server(tmp_path)
    yield server
    server.stop()


def test_it_adds_up_the_readers_of_every_server(asgi_server, second_node, unique_blog, editor):
    slug = unique_blog.slug
    desk = Client()
    desk.force_login(editor)
    assert desk.post(f"/desk/blogs/{slug}/presence/").json()["readers"] == 0
    readers = [SSEClient(f"{server.url}/live/{slug}/events") for server in (asgi_server, asgi_server, second_node)]
    try:
        assert [r.status for r in readers] == [200, 200, 200]
        assert wait_for_readers(desk, slug, 3) == 3
        page = desk.get(f"/desk/blogs/{slug}/")
        assert "3 readers on the live page now" in re.sub(r"<[^>]+>", "", page.content.decode())
        readers.pop().close()
        assert wait_for_readers(desk, slug, 2) == 2
    finally:
        for r in readers:
            r.close()
    assert wait_for_readers(desk, slug, 0) == 0


def test_it_pushes_the_count_to_open_desks_as_readers_come_and_go(asgi_server, second_node, unique_blog, editor):
    from django.conf import settings

    slug = unique_blog.slug
    desk = Client()
    desk.force_login(editor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={desk.cookies[settings.SESSION_COOKIE_NAME].value}"
    stream = SSEClient(f"{asgi_server.url}/desk/stream/{slug}/events", headers={"Cookie": cookie}, timeout=30)

    def next_count():
        while True:
            data = stream.next_event()["data"]
            if data["kind"] == "readers":
                return data["readers"]

    try:
        assert stream.status == 200
        readers = [
            SSEClient(f"{second_node.url}/live/{slug}/events"),
            SSEClient(f"{asgi_server.url}/live/{slug}/events"),
        ]
        seen = [next_count()]
        while seen[-1] != 2:  # each server reports its own change; the last says the total
            seen.append(next_count())
        assert set(seen) <= {1, 2}
        for r in readers:
            r.close()
        while seen[-1] != 0:
            seen.append(next_count())
    finally:
        stream.close()
