"""Votes tests flush the batched counts by hand (votes.batching.flush), so
no background flusher runs in the test process."""

import pytest


@pytest.fixture(autouse=True)
def no_flusher_thread(monkeypatch):
    from votes import batching

    monkeypatch.setattr(batching, "AUTOSTART", False)
    batching._dirty.clear()
    yield
    batching._dirty.clear()


@pytest.fixture
def post(blog, publish):
    return publish(blog, headline="Should the pier reopen?")


@pytest.fixture
def poll(post, editor):
    from votes import actions

    return actions.add_poll(post=post, by=editor, question="Should the pier reopen?", answers=["Yes", "No", "Not yet"])
