"""Votes tests flush the batched counts (votes.batching.flush) and write the
fast lane's batches (votes.buffer.write) by hand, so no background thread
runs in the test process."""

import pytest


@pytest.fixture(autouse=True)
def no_flusher_thread(monkeypatch):
    from votes import batching, buffer

    monkeypatch.setattr(batching, "AUTOSTART", False)
    monkeypatch.setattr(buffer, "AUTOSTART", False)  # the fast lane's writer: tests call buffer.write()
    batching._dirty.clear()
    buffer._pending.clear()
    yield
    batching._dirty.clear()
    buffer._pending.clear()


@pytest.fixture
def post(blog, publish):
    return publish(blog, headline="Should the pier reopen?")


@pytest.fixture
def poll(post, editor):
    from votes import actions

    return actions.add_poll(post=post, by=editor, question="Should the pier reopen?", answers=["Yes", "No", "Not yet"])
