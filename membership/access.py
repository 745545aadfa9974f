"""Who may do what in membership, one condition per line."""

from membership.entitlements import member_state


def can_add_bookmark(user) -> bool:
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return member_state(user).has_premium


def can_view_reports(user) -> bool:
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    # Editors and admins run the newsroom; Django staff run the admin.
    return user.is_editor or user.is_staff or user.is_superuser


def can_use_test_mode_portal(user, customer_id: str) -> bool:
    from membership.models import Membership

    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, stripe_customer_id=customer_id).exclude(stripe_customer_id="").exists()
