"""Each branch of liveblogs.access, one persona at a time."""

import pytest

from liveblogs import access, actions
from liveblogs.models import Post

pytestmark = pytest.mark.django_db


class TestCanUseDesk:
    def test_it_allows_reporters_and_editors(self, reporter, editor):
        assert access.can_use_desk(reporter)
        assert access.can_use_desk(editor)

    def test_it_refuses_readers(self, reader):
        assert not access.can_use_desk(reader)

    def test_it_refuses_inactive_staff(self, editor):
        editor.is_active = False
        assert not access.can_use_desk(editor)

    def test_it_refuses_anonymous_users(self):
        from django.contrib.auth.models import AnonymousUser

        assert not access.can_use_desk(AnonymousUser())


class TestCanManageBlog:
    def test_it_allows_editors(self, editor, blog):
        assert access.can_manage_blog(editor, blog)
        assert access.can_manage_blog(editor)

    def test_it_refuses_reporters(self, reporter, blog):
        assert not access.can_manage_blog(reporter, blog)

    def test_it_refuses_readers(self, reader, blog):
        assert not access.can_manage_blog(reader, blog)

    def test_it_refuses_an_inactive_editor(self, editor, blog):
        editor.is_active = False
        assert not access.can_manage_blog(editor, blog)


class TestCanPublish:
    def test_it_allows_reporters_and_editors_on_a_live_blog(self, reporter, editor, blog):
        assert access.can_publish(reporter, blog)
        assert access.can_publish(editor, blog)

    def test_it_refuses_readers(self, reader, blog):
        assert not access.can_publish(reader, blog)

    def test_it_refuses_everyone_once_the_blog_has_ended(self, editor, blog):
        blog = actions.close_blog(blog=blog, by=editor)
        assert not access.can_publish(editor, blog)


class TestCanEditPost:
    def test_it_lets_editors_edit_any_post(self, editor, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert access.can_edit_post(editor, post)

    def test_it_lets_reporters_edit_their_own_posts(self, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert access.can_edit_post(reporter, post)

    def test_it_refuses_reporters_someone_elses_post(self, reporter, other_reporter, blog, publish):
        post = publish(blog, by=other_reporter)
        assert not access.can_edit_post(reporter, post)

    def test_it_refuses_readers(self, reader, blog, publish):
        post = publish(blog)
        assert not access.can_edit_post(reader, post)

    def test_it_refuses_a_deleted_post(self, editor, blog, publish):
        post = publish(blog)
        actions.delete_post(post=post, by=editor)
        post = Post.objects.get(pk=post.pk)
        assert not access.can_edit_post(editor, post)
        assert not access.can_delete_post(editor, post)


class TestCanPinAndMarkKeyEvent:
    def test_it_lets_editors_pin_and_mark(self, editor, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert access.can_pin(editor, post)
        assert access.can_mark_key_event(editor, post)

    def test_it_refuses_reporters_even_on_their_own_posts(self, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert not access.can_pin(reporter, post)
        assert not access.can_mark_key_event(reporter, post)

    def test_it_refuses_readers(self, reader, blog, publish):
        post = publish(blog)
        assert not access.can_pin(reader, post)
        assert not access.can_mark_key_event(reader, post)

    def test_it_refuses_a_deleted_post(self, editor, blog, publish):
        post = publish(blog)
        actions.delete_post(post=post, by=editor)
        post = Post.objects.get(pk=post.pk)
        assert not access.can_pin(editor, post)
        assert not access.can_mark_key_event(editor, post)


class TestHistoryRestoreAndAudit:
    def test_it_lets_editors_view_history_restore_and_audit(self, editor, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert access.can_view_history(editor, post)
        assert access.can_restore(editor, post)
        assert access.can_view_audit(editor, blog)

    def test_it_refuses_reporters_even_on_their_own_posts(self, reporter, blog, publish):
        post = publish(blog, by=reporter)
        assert not access.can_view_history(reporter, post)
        assert not access.can_restore(reporter, post)
        assert not access.can_view_audit(reporter, blog)

    def test_it_refuses_readers(self, reader, blog, publish):
        post = publish(blog)
        assert not access.can_view_history(reader, post)
        assert not access.can_restore(reader, post)
        assert not access.can_view_audit(reader, blog)

    def test_it_refuses_an_inactive_editor(self, editor, blog, publish):
        post = publish(blog)
        editor.is_active = False
        assert not access.can_view_history(editor, post)
        assert not access.can_restore(editor, post)
        assert not access.can_view_audit(editor, blog)
