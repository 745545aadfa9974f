"""Revisions: publish_post and every edit_post that changes what readers
read store a numbered snapshot of the post."""

import pytest

from liveblogs import actions
from liveblogs.models import Post, PostRevision

pytestmark = pytest.mark.django_db


def _edit(post, by, **content):
    return actions.edit_post(post=post, by=by, content=actions.PostContent(**content))


def test_it_stores_the_published_post_as_version_1(blog, publish, reporter):
    post = publish(blog, headline="Trees down", body="<p>Roads closed.</p>", label="breaking", by=reporter)
    [revision] = post.revisions.all()
    assert revision.number == 1
    assert revision.author == reporter
    assert revision.created_at == post.published_at
    assert revision.snapshot() == {
        "kind": "update",
        "headline": "Trees down",
        "label": "breaking",
        "body": "<p>Roads closed.</p>",
        "article_url": "",
        "article_author": "",
        "article_headline": "",
        "article_standfirst": "",
        "image_id": None,
        "embed_url": "",
    }
    assert revision.correction_note == ""


def test_it_stores_each_edit_as_the_next_version(blog, publish, editor, reporter):
    post = publish(blog, headline="One", by=reporter)
    _edit(post, reporter, headline="Two")
    _edit(post, editor, headline="Three", body="<p>More.</p>")
    revisions = list(post.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert [r.headline for r in revisions] == ["One", "Two", "Three"]
    assert [r.author for r in revisions] == [reporter, reporter, editor]
    assert revisions[2].body == "<p>More.</p>"


def test_it_keeps_article_card_fields(blog, publish, editor):
    post = publish(
        blog, headline="", body="", kind="article", article_url="https://example.org/a",
        article_author="Ann Author", article_headline="The long read", article_standfirst="Why it matters.",
    )
    revision = post.revisions.get()
    assert revision.kind == "article"
    assert (revision.article_url, revision.article_author) == ("https://example.org/a", "Ann Author")
    assert (revision.article_headline, revision.article_standfirst) == ("The long read", "Why it matters.")


def test_it_stores_no_revision_for_a_pin_or_key_event_change(blog, publish, editor):
    post = publish(blog, headline="Same")
    actions.edit_post(
        post=post,
        by=editor,
        content=actions.PostContent(headline="Same", body="<p>Something happened.</p>"),
        is_key_event=True,
        is_pinned=True,
    )
    actions.set_key_event(post=post, by=editor, key_event=False)
    actions.set_pinned(post=post, by=editor, pinned=False)
    assert post.revisions.count() == 1


def test_it_stores_nothing_when_nothing_changed(blog, publish, editor):
    post = publish(blog, headline="Same", body="<p>Same.</p>")
    _edit(post, editor, headline="Same", body="<p>Same.</p>")
    assert post.revisions.count() == 1
    assert Post.objects.get(pk=post.pk).version == 1


def test_it_stores_the_sanitised_body(blog, publish, editor):
    post = publish(blog, headline="x")
    _edit(post, editor, headline="x", body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    assert post.revisions.get(number=2).body == "<p>Hi</p>"


def test_it_adds_one_to_the_version_on_every_change(blog, publish, editor):
    post = publish(blog, headline="One")
    assert Post.objects.get(pk=post.pk).version == 1
    _edit(post, editor, headline="Two")
    actions.set_pinned(post=post, by=editor, pinned=True)
    actions.set_key_event(post=post, by=editor, key_event=True)
    assert Post.objects.get(pk=post.pk).version == 4


def test_it_counts_an_implicit_unpin_as_a_change_to_that_post(blog, publish, editor):
    first = publish(blog, headline="First", is_pinned=True)
    publish(blog, headline="Second", is_pinned=True)
    assert Post.objects.get(pk=first.pk).version == 2


def test_it_numbers_revisions_per_post(blog, publish, editor):
    a = publish(blog, headline="A")
    b = publish(blog, headline="B")
    _edit(a, editor, headline="A2")
    assert list(PostRevision.objects.filter(post=b).values_list("number", flat=True)) == [1]
    assert list(PostRevision.objects.filter(post=a).values_list("number", flat=True)) == [1, 2]
