"""Optimistic versioning in edit_post: a save against a stale version is
refused, never a silent overwrite."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db


def _save(post, by, headline, version):
    return actions.edit_post(
        post=post, by=by, content=actions.PostContent(headline=headline), expected_version=version
    )


def test_it_saves_against_the_current_version(blog, publish, editor):
    post = publish(blog, headline="One")
    _save(post, editor, "Two", version=1)
    post = Post.objects.get(pk=post.pk)
    assert (post.headline, post.version) == ("Two", 2)


def test_it_refuses_a_stale_version_and_writes_nothing(blog, publish, editor, reporter):
    post = publish(blog, headline="One", by=reporter)
    _save(post, reporter, "Reporter's fix", version=1)
    head = blog.events.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(actions.EditConflict) as caught:
        _save(post, editor, "Editor's fix", version=1)
    conflict = caught.value
    assert conflict.current.headline == "Reporter's fix"
    assert conflict.current.version == 2
    assert conflict.changed_by == "Rita Reporter"
    assert str(conflict).startswith("This post was changed by Rita Reporter at ")
    assert str(conflict).endswith(
        "while you were editing. Your version is below; the current version is shown beside it."
    )
    assert Post.objects.get(pk=post.pk).headline == "Reporter's fix"
    assert blog.events.count() == head
    assert AuditEntry.objects.count() == audits


def test_it_counts_a_pin_by_someone_else_as_a_change(blog, publish, editor, reporter):
    post = publish(blog, headline="One", by=reporter)
    actions.set_pinned(post=post, by=editor, pinned=True)
    with pytest.raises(actions.EditConflict) as caught:
        _save(post, reporter, "Two", version=1)
    assert caught.value.changed_by == "Eddie Editor"


def test_it_skips_the_check_without_an_expected_version(blog, publish, editor):
    post = publish(blog, headline="One")
    actions.set_key_event(post=post, by=editor, key_event=True)
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Two"))
    assert Post.objects.get(pk=post.pk).headline == "Two"


def test_it_writes_the_event_only_for_the_winning_save(blog, publish, editor, reporter):
    post = publish(blog, headline="One", by=reporter)
    _save(post, reporter, "Two", version=1)
    with pytest.raises(actions.EditConflict):
        _save(post, editor, "Three", version=1)
    kinds = list(BlogEvent.objects.filter(blog=blog, post_id_ref=post.pk).values_list("kind", flat=True))
    assert kinds == ["post.published", "post.updated"]
