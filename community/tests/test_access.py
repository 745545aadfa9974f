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
