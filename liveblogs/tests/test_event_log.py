"""The event log: one event per reader-visible change, in sequence."""

import json
import threading

import pytest
from django.db import connections

from liveblogs import actions
from liveblogs.models import BlogEvent, LiveBlog

pytestmark = pytest.mark.django_db


def _kinds(blog):
    return list(BlogEvent.objects.filter(blog=blog).order_by("seq").values_list("kind", flat=True))


def test_it_appends_one_event_per_visible_change(blog, publish, editor):
    post = publish(blog, headline="One")
    actions.edit_post(
        post=post,
        by=editor,
        content=actions.PostContent(headline="One, corrected"),
        is_key_event=False,
        is_pinned=False,
    )
    actions.set_key_event(post=post, by=editor, key_event=True)
    actions.set_pinned(post=post, by=editor, pinned=True)
    actions.delete_post(post=post, by=editor)
    actions.close_blog(blog=blog, by=editor)
    assert _kinds(blog) == [
        "blog.opened", "post.published", "post.updated", "post.updated", "post.pinned", "post.deleted", "blog.closed",
    ]
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == 7


def test_it_writes_nothing_for_a_change_that_changes_nothing(blog, publish, editor):
    post = publish(blog, headline="Same")
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    actions.set_key_event(post=post, by=editor, key_event=False)
    actions.set_pinned(post=post, by=editor, pinned=False)
    actions.open_blog(blog=blog, by=editor)
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head


def test_it_moves_the_pin_with_two_events(blog, publish, editor):
    first = publish(blog, headline="First pin", is_pinned=True)
    second = publish(blog, headline="Second")
    actions.set_pinned(post=second, by=editor, pinned=True)
    assert _kinds(blog)[-2:] == ["post.unpinned", "post.pinned"]
    first.refresh_from_db()
    assert not first.is_pinned


def test_it_stores_the_rendered_card_with_the_event(blog, publish):
    post = publish(blog, headline="Rendered once")
    html = json.loads(BlogEvent.objects.get(blog=blog, post_id_ref=post.pk).payload)["post"]["html"]
    assert f'id="post-{post.pk}"' in html and "Rendered once" in html


def test_it_rolls_back_the_event_with_a_failed_change(blog, editor):
    actions.close_blog(blog=blog, by=editor)
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    with pytest.raises(actions.ActionError):
        actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline="Too late"))
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head
    assert not blog.posts.filter(headline="Too late").exists()


def test_it_signals_readers_only_after_commit(blog, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline="Wait for it"))
    assert len(callbacks) == 1  # the wake-up waits for the commit


@pytest.mark.django_db(transaction=True)
def test_it_numbers_concurrent_writes_without_gaps_or_repeats(editor):
    blog = actions.open_blog(blog=actions.create_blog(by=editor, headline="Race", slug="race"), by=editor)
    errors = []

    def writer(n):
        try:
            for i in range(5):
                actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline=f"w{n}-{i}"))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = list(BlogEvent.objects.filter(blog=blog).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 22))  # blog.opened + 20 posts
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == 21
