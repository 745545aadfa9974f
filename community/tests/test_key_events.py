"""Following a blog's key events: alerts come from the blog's own event log."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import BlogFollow, Notification
from liveblogs import actions as blog_actions

pytestmark = pytest.mark.django_db


def run():
    call_command("notify_key_events", stdout=StringIO())


def test_it_alerts_followers_when_an_editor_marks_a_key_event(client, blog, rosa, editor, publish):
    earlier = publish(blog, headline="Before anyone followed", is_key_event=True)
    client.force_login(rosa)
    r = client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    assert r.json()["following"] is True
    post = publish(blog, headline="Evacuation ordered")
    run()
    assert not Notification.objects.exists()  # neither the old key event nor an ordinary post
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    run()
    run()  # and only once
    note = Notification.objects.get(recipient=rosa)
    assert note.kind == "key_event" and note.text == f"Key event on {blog.headline}: Evacuation ordered"
    assert note.url == f"/live/{blog.slug}/?around={post.pk}#post-{post.pk}"
    assert earlier


def test_it_stops_when_the_reader_unfollows(client, blog, rosa, publish):
    client.force_login(rosa)
    client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    client.post(f"/live/{blog.slug}/comments/key-events", {"undo": "1"}, HTTP_ACCEPT="application/json")
    assert not BlogFollow.objects.exists()
    publish(blog, headline="Nobody hears", is_key_event=True)
    run()
    assert not Notification.objects.exists()


def test_it_refuses_anonymous_and_unverified_readers(client, blog, stranger):
    assert client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json").status_code == 403
    client.force_login(stranger)
    assert client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json").status_code == 403
    assert not BlogFollow.objects.exists()


def test_each_followed_blog_alerts_from_when_it_was_followed(client, blog, rosa, editor, publish):
    other_blog = blog_actions.open_blog(
        blog=blog_actions.create_blog(by=editor, headline="Election night", slug="election"), by=editor
    )
    client.force_login(rosa)
    client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    publish(other_blog, headline="Before the second follow", is_key_event=True)
    client.post(f"/live/{other_blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    first = publish(blog, headline="On the first blog", is_key_event=True)
    second = publish(other_blog, headline="On the second blog", is_key_event=True)
    run()
    assert set(Notification.objects.filter(recipient=rosa).values_list("post_id", flat=True)) == {first.pk, second.pk}


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_old_position_over_to_each_followed_blog(rosa, editor):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("community", "0007_questions")], [("community", "0008_key_event_positions_per_blog")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    # Only community went back: the blogs' tables are as they are now.
    from liveblogs.models import BlogEvent, LiveBlog

    followed = LiveBlog.objects.create(slug="followed-old", headline="Followed", head_seq=3, epoch=2)
    LiveBlog.objects.create(slug="unfollowed-old", headline="Unfollowed")
    events = [BlogEvent.objects.create(blog=followed, seq=s, kind="post.published", payload="{}") for s in (1, 2, 3)]
    old.get_model("community", "BlogFollow").objects.create(user_id=rosa.pk, blog_id=followed.pk)
    old.get_model("community", "LogPosition").objects.create(name="key_events", last_event_id=events[1].pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    from community.models import LogPosition

    assert list(LogPosition.objects.values_list("name", "blog__slug", "epoch", "last_seq")) == [
        ("key_events", "followed-old", 2, 2)
    ]
    # And the latest state for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
