"""community.access, branch by branch."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from community import access

pytestmark = pytest.mark.django_db


def test_it_lets_only_verified_active_readers_comment(reader, rosa):
    assert not access.can_comment(AnonymousUser())
    assert access.can_comment(rosa)
    rosa.is_active = False
    assert not access.can_comment(rosa)


def test_it_asks_readers_but_not_staff_for_a_verified_email(stranger, editor):
    assert not access.can_comment(stranger)
    assert access.can_comment(editor)


def test_it_gives_moderation_to_moderators_editors_and_admins(moderator, editor, admin_user, reporter, reader):
    assert [access.can_moderate(u) for u in (moderator, editor, admin_user, reporter, reader)] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_it_gives_promotion_to_editors_only(moderator, editor):
    assert access.can_promote(editor) and not access.can_promote(moderator)


def test_it_limits_edits_to_the_author_and_the_window(blog, rosa, sam, comment_on):
    comment = comment_on(rosa)
    assert access.can_edit_comment(rosa, comment)
    assert not access.can_edit_comment(sam, comment)
    assert not access.can_edit_comment(rosa, comment, now=timezone.now() + timedelta(hours=1))


def test_it_refuses_following_yourself(rosa, sam):
    assert access.can_follow(rosa, sam) and not access.can_follow(rosa, rosa)


def test_it_lets_verified_readers_ask_the_newsroom(rosa, stranger):
    assert access.can_ask(rosa)
    assert not access.can_ask(stranger)  # not verified
    assert not access.can_ask(AnonymousUser())


def test_it_shows_a_blogs_questions_to_its_desk_team_only(blog, editor, reporter, contributor, moderator, rosa):
    from liveblogs import actions as blog_actions

    assert access.can_see_questions(editor, blog)
    assert not access.can_see_questions(reporter, blog)  # not on the team
    assert not access.can_see_questions(moderator, blog) and not access.can_see_questions(rosa, blog)
    blog_actions.assign_staff(blog=blog, by=editor, user=reporter)
    blog_actions.assign_staff(blog=blog, by=editor, user=contributor)
    reporter = type(reporter).objects.get(pk=reporter.pk)  # a new request: the team is read once per request
    assert access.can_see_questions(reporter, blog) and access.can_see_questions(contributor, blog)


def test_it_lets_those_who_may_publish_handle_questions(blog, editor, reporter, contributor, admin_user):
    from liveblogs import actions as blog_actions

    blog_actions.assign_staff(blog=blog, by=editor, user=reporter)
    blog_actions.assign_staff(blog=blog, by=editor, user=contributor)
    assert [access.can_handle_questions(u, blog) for u in (editor, admin_user, reporter, contributor)] == [
        True, True, True, False]
    blog_actions.close_blog(blog=blog, by=editor)
    assert access.can_handle_questions(reporter, blog)  # an ended blog's questions can still be cleared
