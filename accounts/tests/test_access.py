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
