"""Staff accounts: the admin's actions and the staff audit they write."""

import pytest

from accounts import actions
from accounts.models import StaffAuditEntry

pytestmark = pytest.mark.django_db


def test_it_creates_an_account_that_can_sign_in(client, admin_user):
    person = actions.create_staff(
        by=admin_user, username="vic", email="vic@example.org", password="a long passphrase 77",
        role="reporter", display_name="Vic Vance",
    )
    assert client.login(username="vic", password="a long passphrase 77")
    entry = StaffAuditEntry.objects.get(subject=person)
    assert entry.action == "create" and entry.actor == admin_user
    assert entry.changes["role"] == [None, "reporter"]


def test_it_records_a_role_change_before_and_after(admin_user, reporter):
    actions.change_staff(
        by=admin_user, user=reporter, role="editor", display_name="Rita Reporter", bio="", is_active=True
    )
    reporter.refresh_from_db()
    assert reporter.role == "editor"
    assert StaffAuditEntry.objects.get(subject=reporter).changes == {"role": ["reporter", "editor"]}


def test_it_refuses_a_taken_username(admin_user, reporter):
    with pytest.raises(actions.ActionError, match="taken"):
        actions.create_staff(by=admin_user, username="RITA", email="x@example.org", password="p", role="reporter")
