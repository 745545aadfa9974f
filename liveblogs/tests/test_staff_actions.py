"""Blog teams: the actions and their audit records (staff accounts:
accounts/tests/test_staff_actions.py)."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogAssignment

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
