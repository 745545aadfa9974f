"""The SSE endpoint, against the real ASGI server."""

import pytest

from liveblogs import actions
from liveblogs.models import BlogEvent, LiveBlog
from tests.sse import SSEClient

# The stream's framing, resuming and ending depend on the ASGI server: these
# run on each one (make test's uvicorn pass, docs/testing.md).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.each_server]


def test_it_sends_new_posts_to_an_open_stream(asgi_server, unique_blog, publish):
    blog = unique_blog
    client = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after={blog.head_seq}&epoch={blog.epoch}")
    assert client.status == 200
    assert client.response.getheader("Content-Type").startswith("text/event-stream")
    post = publish(blog, headline="Bridge reopens")
    event = client.next_event()
    client.close()
    assert event["data"]["kind"] == "post.published"
    assert event["data"]["post"]["id"] == post.pk
    assert "Bridge reopens" in event["data"]["post"]["html"]
    assert event["id"] == f"{blog.epoch}-{blog.head_seq + 1}"
    assert client.retry is not None


def test_it_resumes_after_a_disconnect_without_loss_or_duplicates(asgi_server, unique_blog, publish):
    blog = unique_blog
    client = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after={blog.head_seq}")
    publish(blog, headline="Before the drop")
    first = client.next_event()
    client.close()

    for i in range(50):
        publish(blog, headline=f"While away {i}")

    resumed = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events", last_event_id=first["id"])
    got = resumed.take(50)
    resumed.close()

    expected = list(
        BlogEvent.objects.filter(blog=blog, seq__gt=int(first["id"].split("-")[1]))
        .order_by("seq")
        .values_list("seq", flat=True)
    )
    assert [e["data"]["seq"] for e in got] == expected
    assert [e["data"]["post"]["title"] for e in got] == [f"While away {i}" for i in range(50)]


def test_it_replays_from_the_log_past_the_ring(asgi_server, unique_blog, publish, settings):
    blog = unique_blog
    for i in range(5):
        publish(blog, headline=f"Early {i}")
    client = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after=0")
    got = client.take(6)  # blog opened + 5 posts
    client.close()
    assert [e["data"]["seq"] for e in got] == [1, 2, 3, 4, 5, 6]
    assert got[0]["data"]["kind"] == "blog.opened"


def test_it_tells_a_reader_from_another_epoch_to_reset(asgi_server, unique_blog):
    blog = unique_blog
    client = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events", last_event_id=f"{blog.epoch + 1}-3")
    event = client.next_event()
    client.close()
    assert event["event"] == "reset"


def test_it_sends_edits_deletions_and_pins(asgi_server, unique_blog, publish, editor):
    blog = unique_blog
    post = publish(blog, headline="Original")
    client = SSEClient(f"{asgi_server.url}/live/{blog.slug}/events?after={LiveBlog.objects.get(pk=blog.pk).head_seq}")
    actions.edit_post(
        post=post,
        by=editor,
        content=actions.PostContent(headline="Corrected", body="<p>Fixed.</p>"),
        is_key_event=False,
        is_pinned=False,
    )
    actions.set_pinned(post=post, by=editor, pinned=True)
    actions.delete_post(post=post, by=editor)
    kinds = [e["data"]["kind"] for e in client.take(3)]
    client.close()
    assert kinds == ["post.updated", "post.pinned", "post.deleted"]


def test_it_answers_404_for_a_draft_or_unknown_blog(asgi_server, editor):
    draft = actions.create_blog(by=editor, headline="Not yet", slug="draft-only-blog")
    for slug in (draft.slug, "no-such-blog"):
        client = SSEClient(f"{asgi_server.url}/live/{slug}/events")
        assert client.status == 404
        client.close()


def test_it_ends_long_streams_so_readers_resume_without_loss(unique_blog, publish, tmp_path_factory, django_db_blocker):
    from tests.server import Server

    with django_db_blocker.unblock():
        server = Server(
            tmp_path_factory.mktemp("short"), {"REALTIME_STREAM_MAX_SECONDS": "5", "REALTIME_HEARTBEAT_SECONDS": "1"}
        )
    try:
        blog = unique_blog
        client = SSEClient(f"{server.url}/live/{blog.slug}/events?after={blog.head_seq}")
        publish(blog, headline="Before the stream ends")
        first = client.next_event()
        with pytest.raises(EOFError):  # the server closes the stream within 5 s
            while True:
                client.next_event()
        client.close()
        publish(blog, headline="After")
        resumed = SSEClient(f"{server.url}/live/{blog.slug}/events", last_event_id=first["id"])
        assert resumed.next_event()["data"]["post"]["title"] == "After"
        resumed.close()
    finally:
        server.stop()
