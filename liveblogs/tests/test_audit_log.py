"""The audit log: every action writes who, what, when and before/after,
in the transaction that made the change."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry

pytestmark = pytest.mark.django_db


def _actions(blog):
    return list(AuditEntry.objects.filter(blog=blog).order_by("id").values_list("action", flat=True))


def test_it_records_the_blog_lifecycle(editor):
    blog = actions.create_blog(by=editor, headline="Election night", slug="election", topics=["Politics"])
    actions.open_blog(blog=blog, by=editor)
    actions.update_blog(blog=blog, by=editor, headline="Election night: results", standfirst="", topics=["Politics"])
    actions.close_blog(blog=blog, by=editor)
    actions.open_blog(blog=blog, by=editor)
    # Opening an ended blog again is recorded as a reopening.
    assert _actions(blog) == ["create_blog", "open_blog", "update_blog", "close_blog", "reopen_blog"]
    entries = list(AuditEntry.objects.filter(blog=blog).order_by("id"))
    assert entries[0].changes == {
        "headline": [None, "Election night"],
        "slug": [None, "election"],
        "topics": [None, ["Politics"]],
        "language": [None, "en-gb"],
    }
    assert entries[1].changes == {"status": ["draft", "live"]}
    assert entries[2].changes == {"headline": ["Election night", "Election night: results"]}
    assert entries[3].changes == {"status": ["live", "ended"]}
    assert all(e.actor == editor and e.post is None for e in entries)


def test_it_records_every_post_action(blog, publish, editor):
    post = publish(blog, headline="One")
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Two"))
    actions.set_pinned(post=post, by=editor, pinned=True)
    actions.set_pinned(post=post, by=editor, pinned=False)
    actions.set_key_event(post=post, by=editor, key_event=True)
    actions.set_key_event(post=post, by=editor, key_event=False)
    actions.delete_post(post=post, by=editor)
    actions.restore_post(post=post, by=editor)
    post_actions = list(AuditEntry.objects.filter(post=post).order_by("id").values_list("action", flat=True))
    assert post_actions == [
        "publish_post", "edit_post", "pin_post", "unpin_post", "mark_key_event", "unmark_key_event",
        "delete_post", "restore_post",
    ]


def test_it_records_before_and_after_of_changed_fields_only(blog, publish, editor, reporter):
    post = publish(blog, headline="Old headline", body="<p>Same body.</p>", by=reporter)
    actions.edit_post(
        post=post, by=editor, content=actions.PostContent(headline="New headline", body="<p>Same body.</p>")
    )
    entry = AuditEntry.objects.filter(post=post, action="edit_post").get()
    assert entry.actor == editor
    assert entry.changes == {"headline": ["Old headline", "New headline"]}


def test_it_records_what_was_published(blog, publish, editor):
    post = publish(blog, headline="Hello", body="<p>Long <b>text</b>.</p>", is_key_event=True)
    entry = AuditEntry.objects.get(post=post, action="publish_post")
    assert entry.changes == {
        "kind": [None, "update"],
        "headline": [None, "Hello"],
        "body": [None, "Long text."],
        "is_key_event": [None, True],
    }


def test_it_shortens_long_text(blog, publish, editor):
    post = publish(blog, headline="x", body="<p>" + "word " * 200 + "</p>")
    body = AuditEntry.objects.get(post=post).changes["body"][1]
    assert len(body) == 201 and body.endswith("…")


def test_it_records_the_unpin_a_new_pin_causes(blog, publish, editor):
    first = publish(blog, headline="First", is_pinned=True)
    publish(blog, headline="Second", is_pinned=True)
    entry = AuditEntry.objects.filter(post=first).latest("id")
    assert (entry.action, entry.changes) == ("unpin_post", {"is_pinned": [True, False]})


def test_it_records_nothing_for_a_change_that_changes_nothing(blog, publish, editor):
    post = publish(blog, headline="Same")
    count = AuditEntry.objects.count()
    actions.set_pinned(post=post, by=editor, pinned=False)
    actions.set_key_event(post=post, by=editor, key_event=False)
    actions.open_blog(blog=blog, by=editor)
    actions.edit_post(
        post=post, by=editor, content=actions.PostContent(headline="Same", body="<p>Something happened.</p>")
    )
    actions.delete_post(post=post, by=editor)
    actions.delete_post(post=post, by=editor)  # the second delete finds nothing to do
    assert AuditEntry.objects.count() == count + 1


def test_it_rolls_back_with_a_failed_action(blog, editor):
    actions.close_blog(blog=blog, by=editor)
    count = AuditEntry.objects.count()
    with pytest.raises(actions.ActionError):
        actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline="Too late"))
    with pytest.raises(actions.ActionError):
        actions.close_blog(blog=blog, by=editor)
    assert AuditEntry.objects.count() == count


def test_it_is_written_in_the_same_transaction_as_the_change(blog, publish, editor):
    from django.db import IntegrityError

    from liveblogs.models import BlogEvent

    post = publish(blog, headline="One")
    count = AuditEntry.objects.count()
    # A row already holding the blog's next sequence number: the edit's event
    # cannot be appended (the database's unique constraint refuses it), so
    # the whole edit must roll back, audit entry and revision included.
    blog.refresh_from_db()
    BlogEvent.objects.create(blog=blog, seq=blog.head_seq + 1, kind="post.updated", payload="{}")
    with pytest.raises(IntegrityError):
        actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Two"))
    assert AuditEntry.objects.count() == count
    assert post.revisions.count() == 1


def test_it_keeps_paragraphs_apart_in_body_text(blog, publish):
    post = publish(blog, headline="x", body="<p>One.</p><p>Two &amp; three.</p>")
    assert AuditEntry.objects.get(post=post).changes["body"] == [None, "One. Two & three."]


def test_it_records_the_html_when_only_a_link_changed(blog, publish, editor):
    post = publish(blog, headline="x", body='<p><a href="https://a.example">Source</a></p>')
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="x", body='<p><a href="https://b.example">Source</a></p>'))
    before, after = AuditEntry.objects.get(post=post, action="edit_post").changes["body"]
    assert "https://a.example" in before and "https://b.example" in after
