"""liveblogs.events.warm_up: what a process's first event needs is loaded at
start-up (the server's lifespan, the job worker), not after the event's `at`."""

import asyncio
import logging
import re

import pytest
from django.template import Engine

from liveblogs import events
from tests.asyncio_thread import run_in_thread

INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")


def _cached_loader():
    loader = Engine.get_default().template_loaders[0]
    assert hasattr(loader, "get_template_cache"), "templates are expected to go through Django's cached loader"
    return loader


def test_warm_up_compiles_every_payload_template_into_the_cache():
    loader = _cached_loader()
    loader.reset()
    events.warm_up()
    assert set(events.PAYLOAD_TEMPLATES) <= set(loader.get_template_cache)


def test_the_list_holds_every_template_the_payload_includes():
    # An {% include %} is compiled when first rendered: one missing from the
    # list would be compiled by the first post again.
    loader = _cached_loader()
    for name in events.PAYLOAD_TEMPLATES:
        source = loader.get_template(name).source
        for included in INCLUDE.findall(source):
            assert included in events.PAYLOAD_TEMPLATES, f"{name} includes {included}"


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(events, "PAYLOAD_TEMPLATES", ("liveblogs/no-such-template.html",))
    with caplog.at_level(logging.ERROR, logger="liveblogs.events"):
        events.warm_up()
    assert "ahead of the first post" in caplog.text


def test_the_server_warms_up_before_it_freezes_its_start_up_objects(monkeypatch):
    import newsline.asgi as asgi

    calls = []
    monkeypatch.setattr(asgi.events, "warm_up", lambda: calls.append("warm_up"))
    monkeypatch.setattr(asgi, "freeze_startup_objects", lambda: calls.append("freeze"))
    sent = []

    async def lifespan():
        messages = asyncio.Queue()
        await messages.put({"type": "lifespan.startup"})

        async def send(message):
            sent.append(message["type"])
            if message["type"] == "lifespan.startup.complete":
                raise asyncio.CancelledError  # stop here: the shutdown half is not under test

        with pytest.raises(asyncio.CancelledError):
            await asgi.route({"type": "lifespan"}, messages.get, send)

    run_in_thread(lifespan)  # not asyncio.run: a browser test's Playwright may hold this thread's loop
    assert calls == ["warm_up", "freeze"]
    assert sent == ["lifespan.startup.complete"]
