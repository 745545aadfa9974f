"""/api/v1/blogs/<slug>/events: the blog's event log after a seq, as the
live page's updates endpoint serves it."""

import json

import pytest

from liveblogs.models import BlogEvent

pytestmark = pytest.mark.django_db


def test_it_returns_events_after_a_seq(client, blog, publish):
    publish(blog, headline="One")
    publish(blog, headline="Two")
    blog.refresh_from_db()
    body = client.get(f"/api/v1/blogs/storm/events?after={blog.head_seq - 2}").json()
    assert body["head"] == blog.head_seq and body["epoch"] == blog.epoch
    assert [e["post"]["title"] for e in body["events"]] == ["One", "Two"]
    stored = BlogEvent.objects.get(blog=blog, seq=blog.head_seq)
    assert body["events"][-1] == json.loads(stored.payload)
    assert body["more"] is False and body["reset"] is False


def test_it_pages_with_more(client, blog, publish):
    for i in range(3):
        publish(blog, headline=f"P{i}")
    body = client.get("/api/v1/blogs/storm/events?after=0&limit=2").json()
    assert len(body["events"]) == 2 and body["more"] is True


def test_it_says_reset_for_another_epoch(client, blog):
    body = client.get(f"/api/v1/blogs/storm/events?after=0&epoch={blog.epoch + 1}").json()
    assert body["reset"] is True and body["events"] == []
