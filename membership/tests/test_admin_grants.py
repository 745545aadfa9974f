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
    client.post(url, {"action": "grant_year", "_selected_action": [membership.pk]})
    assert member_state(member).status == "granted"
    client.post(url, {"action": "revoke", "_selected_action": [membership.pk]})
    assert member_state(member).has_premium is False
    trail = list(GrantAudit.objects.order_by("created_at", "id").values_list("action", "actor", "member"))
    assert trail == [("grant", superuser.pk, member.pk), ("revoke", superuser.pk, member.pk)]


def test_it_does_not_let_the_audit_be_edited(client, superuser, member):
    client.force_login(superuser)
    assert client.get("/admin/membership/grantaudit/add/").status_code == 403
