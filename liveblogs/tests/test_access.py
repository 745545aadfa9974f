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


class TestRolesAndTeams:
    def test_it_lets_contributors_and_admins_use_the_desk_but_not_moderators(self, contributor, admin_user, moderator):
        assert access.can_use_desk(contributor)
        assert access.can_use_desk(admin_user)
        assert not access.can_use_desk(moderator)

    def test_it_shows_a_blog_only_to_its_team_and_editors(self, blog, other_blog, reporter, editor, admin_user):
        assert access.can_view_blog(reporter, blog)
        assert not access.can_view_blog(reporter, other_blog)
        assert access.can_view_blog(editor, other_blog)
        assert access.can_view_blog(admin_user, other_blog)

    def test_it_lets_a_contributor_submit_but_never_publish(self, blog, contributor, assign):
        assign(blog, contributor)
        assert access.can_submit(contributor, blog)
        assert not access.can_publish(contributor, blog)

    def test_it_refuses_a_contributor_off_the_team(self, blog, contributor):
        assert not access.can_submit(contributor, blog)

    def test_it_lets_the_blogs_team_upload_pictures_and_nobody_else(
        self, blog, other_blog, contributor, reporter, editor, reader, assign
    ):
        assign(blog, contributor)
        assert access.can_upload_media(contributor, blog)
        assert not access.can_upload_media(contributor, other_blog)
        assert not access.can_upload_media(reporter, other_blog)
        assert access.can_upload_media(reporter, blog)
        assert access.can_upload_media(editor, blog)
        assert not access.can_upload_media(reader, blog)

    def test_it_refuses_picture_uploads_to_an_ended_blog_except_for_editors(self, blog, editor, reporter):
        from liveblogs import actions

        actions.close_blog(blog=blog, by=editor)
        blog.refresh_from_db()
        assert not access.can_upload_media(reporter, blog)
        # An editor may still change the ended blog's own picture.
        assert access.can_upload_media(editor, blog)

    def test_it_refuses_a_reporter_publishing_to_a_blog_they_are_not_on(self, other_blog, reporter):
        assert not access.can_publish(reporter, other_blog)

    def test_it_lets_a_contributor_change_their_post_only_until_it_is_published(
        self, blog, contributor, assign, publish
    ):
        assign(blog, contributor)
        post = publish(blog, by=contributor)
        assert not access.can_edit_post(contributor, post)

    def test_it_lets_editors_assign_staff(self, blog, editor, reporter):
        assert access.can_assign_staff(editor, blog)
        assert not access.can_assign_staff(reporter, blog)

    def test_it_treats_admins_as_editors(self, blog, admin_user, reporter, publish):
        post = publish(blog, by=reporter)
        assert access.can_edit_post(admin_user, post)
        assert access.can_pin(admin_user, post)
        assert access.can_manage_blog(admin_user, blog)
