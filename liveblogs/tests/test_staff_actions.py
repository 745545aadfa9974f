"""Blog teams and staff accounts: the actions and their audit records."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogAssignment, StaffAuditEntry

pytestmark = pytest.mark.django_db


def test_it_assigns_once_and_audits(blog, editor, contributor):
    actions.assign_staff(blog=blog, by=editor, user=contributor)
    actions.assign_staff(blog=blog, by=editor, user=contributor)
    assert BlogAssignment.objects.filter(blog=blog, user=contributor).count() == 1
    entry = AuditEntry.objects.filter(action="assign_staff").last()
    assert entry.changes == {"team": [None, "Cora Contributor"]}


def test_it_refuses_to_assign_an_editor_or_a_reader(blog, editor, reader):
    for person in (editor, reader):
        with pytest.raises(actions.ActionError):
            actions.assign_staff(blog=blog, by=editor, user=person)


def test_it_unassigns_and_audits(blog, editor, reporter):
    actions.unassign_staff(blog=blog, by=editor, user=reporter)
    assert not BlogAssignment.objects.filter(blog=blog, user=reporter).exists()
    assert AuditEntry.objects.filter(action="unassign_staff").last().changes == {"team": ["Rita Reporter", None]}


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
