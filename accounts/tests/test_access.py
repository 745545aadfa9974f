import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser

from accounts import access

pytestmark = pytest.mark.django_db


def test_it_counts_only_a_verified_address(reader):
    assert not access.has_verified_email(reader)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=False, primary=True)
    assert not access.has_verified_email(reader)
    EmailAddress.objects.filter(user=reader).update(verified=True)
    assert access.has_verified_email(reader)
    reader.is_active = False
    assert not access.has_verified_email(reader)
    assert not access.has_verified_email(AnonymousUser())


def test_it_treats_admin_made_staff_addresses_as_verified(editor):
    assert access.has_verified_email(editor)


@pytest.mark.parametrize("persona", ["contributor", "reporter", "editor", "moderator", "admin_user"])
def test_it_leaves_closing_newsroom_accounts_to_an_admin(persona, request):
    assert not access.can_delete_own_account(request.getfixturevalue(persona))


def test_it_lets_readers_close_their_own_accounts(reader):
    assert access.can_delete_own_account(reader)
    reader.is_staff = True
    assert not access.can_delete_own_account(reader)
    assert not access.can_delete_own_account(AnonymousUser())


def test_it_lets_only_active_admins_manage_staff(admin_user, editor, reader):
    assert access.can_manage_staff(admin_user)
    assert not access.can_manage_staff(editor)
    assert not access.can_manage_staff(reader)
    assert not access.can_manage_staff(AnonymousUser())
    admin_user.is_active = False
    assert not access.can_manage_staff(admin_user)


def test_it_lets_staff_change_their_own_photo_and_admins_anyone_s(admin_user, reporter, editor, reader, moderator):
    assert access.can_change_staff_photo(reporter, reporter)
    assert not access.can_change_staff_photo(reporter, editor)
    assert access.can_change_staff_photo(admin_user, reporter)
    # Moderators and readers do not work at the desk, even on their own account.
    assert not access.can_change_staff_photo(moderator, moderator)
    assert not access.can_change_staff_photo(reader, reader)
    assert not access.can_change_staff_photo(AnonymousUser(), reporter)
    reporter.is_active = False
    assert not access.can_change_staff_photo(reporter, reporter)
