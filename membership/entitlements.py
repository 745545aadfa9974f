"""What a reader has: Premium or not, and the state to show them. Derived
from the mirrored Stripe subscription and any hand grant, never from which
event came last."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext

from membership.models import GrantAudit, Membership, Payment, Subscription


@dataclass(frozen=True)
class MemberState:
    has_premium: bool
    # none, active, cancelling, grace, granted, held, lapsed
    status: str
    subscription: Subscription | None
    granted_until: datetime | None
    is_supporter: bool

    @property
    def label(self) -> str:
        return {
            "none": gettext("Not a member"),
            "active": gettext("Active"),
            "cancelling": gettext("Active until the end of the period"),
            "grace": gettext("Payment failed: in the grace period"),
            "granted": gettext("Premium granted by the newsroom"),
            "held": gettext("On hold while a payment dispute is resolved"),
            "lapsed": gettext("Lapsed"),
        }[self.status]


def member_state(user, now=None) -> MemberState:
    now = now or timezone.now()
    if not getattr(user, "is_authenticated", False):
        return MemberState(False, "none", None, None, False)
    membership = Membership.objects.filter(user=user).first()
    sub = Subscription.objects.premium().filter(user=user).order_by("-created_at", "-id").first()
    granted = (
        membership.granted_until if membership and membership.granted_until and membership.granted_until > now else None
    )
    # A supporter gave money in the last year, or keeps a recurring gift going.
    year_ago = now - timedelta(days=365)
    is_supporter = (
        Payment.objects.filter(user=user, paid_at__gte=year_ago).counted().exists()
        or Subscription.objects.donations().paying().filter(user=user).exists()
    )
    if membership and membership.dispute_hold:
        return MemberState(False, "held", sub, granted, is_supporter)
    if sub and sub.gives_access(now):
        if sub.status == "past_due":
            status = "grace"
        elif sub.cancel_at_period_end:
            status = "cancelling"
        else:
            status = "active"
        return MemberState(True, status, sub, granted, True)
    if granted:
        return MemberState(True, "granted", sub, granted, is_supporter)
    if sub or (membership and GrantAudit.objects.filter(member=user, action=GrantAudit.Action.GRANT).exists()):
        return MemberState(False, "lapsed", sub, None, is_supporter)
    return MemberState(False, "none", None, None, is_supporter)
