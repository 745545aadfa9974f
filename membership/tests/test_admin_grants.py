"""Hand grants and revocations in the admin, audited."""

import pytest

from membership.entitlements import member_state
from membership.models import GrantAudit, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return admin_user


def test_it_grants_and_revokes_premium_by_hand_with_an_audit_trail(client, superuser, member):
    membership = Membership.objects.create(user=member)
    client.force_login(superuser)
    url = "/admin/membership/membership/"
    ask = client.post(url, {"action": "grant", "_selected_action": [membership.pk]})
    assert "kept in the audit log" in ask.content.decode()
    assert member_state(member).status == "none"
    refused = client.post(
        url, {"action": "grant", "_selected_action": [membership.pk], "apply": "1", "months": "3", "note": ""}
    )
    assert "This field is required" in refused.content.decode()
    client.post(
        url, {"action": "grant", "_selected_action": [membership.pk], "apply": "1", "months": "3", "note": "Press pass"}
    )
    assert member_state(member).status == "granted"
    assert GrantAudit.objects.get(action="grant").note == "Press pass"
    client.post(url, {"action": "revoke", "_selected_action": [membership.pk]})
    assert member_state(member).has_premium is False
    trail = list(GrantAudit.objects.order_by("created_at", "id").values_list("action", "actor", "member"))
    assert trail == [("grant", superuser.pk, member.pk), ("revoke", superuser.pk, member.pk)]


def test_it_does_not_let_the_audit_be_edited(client, superuser, member):
    client.force_login(superuser)
    assert client.get("/admin/membership/grantaudit/add/").status_code == 403
