"""Every membership write: keyword-only, verb-first.

Stripe webhooks arrive through receive_event (verify, record once, queue) and
are applied by process_event in a background job, which fetches the
subscription from Stripe and mirrors it, so the order events arrive in never
matters."""

import hashlib
import logging
from datetime import date, datetime, time
from datetime import timezone as dt_timezone

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from membership import stripe_gateway as gateway
from membership.models import (
    ACTIVE_STATES,
    FREQUENCY_OF_INTERVAL,
    Bookmark,
    Frequency,
    GrantAudit,
    Kind,
    Membership,
    Payment,
    Reminder,
    StripeEvent,
    Subscription,
)

log = logging.getLogger(__name__)

HANDLED_EVENTS = (
    "checkout.session.completed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "invoice.paid",
    "invoice.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
    # Beyond the list, what a real account also sends:
    "checkout.session.async_payment_succeeded",  # a bank payment that cleared later
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "charge.dispute.closed",  # won: the hold is lifted
)


class NotAllowed(Exception):
    """The reader may not do this (e.g. bookmark without Premium)."""


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=dt_timezone.utc) if value else None


# Checkout


def start_checkout(
    *,
    user,
    kind: str,
    frequency: str,
    amount: int,
    currency: str,
    nonce: str,
    success_url: str,
    cancel_url: str,
) -> str:
    """Create a Checkout Session for a gift or Premium; return where to send the reader.
    The idempotency key comes from the form's nonce and what is bought, so a
    double submit gets the same session and a changed form a new one."""
    user_id = user.pk if user and user.is_authenticated else None
    customer_id = ""
    if user_id:
        customer_id = (
            Membership.objects.filter(user_id=user_id).values_list("stripe_customer_id", flat=True).first() or ""
        )
    key_source = f"{nonce}:{user_id}:{kind}:{frequency}:{amount}:{currency}"
    request = gateway.CheckoutRequest(
        kind=kind,
        frequency=frequency,
        amount=amount,
        currency=currency,
        user_id=user_id,
        email=(user.email if user_id else ""),
        customer_id=customer_id,
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key="checkout-" + hashlib.sha256(key_source.encode()).hexdigest()[:40],
    )
    return gateway.create_checkout_session(request)


# Webhooks


def receive_event(*, payload: bytes, signature: str | None) -> tuple[str, StripeEvent | None]:
    """Verify and record one webhook delivery; queue its processing.
    Returns ("accepted" | "duplicate" | "ignored", row). Raises
    gateway.SignatureError or ValueError for a delivery to refuse."""
    event = gateway.verify_event(payload, signature)
    try:
        with transaction.atomic():
            row = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                created=_ts(event.get("created")) or timezone.now(),
                payload=event,
                livemode=bool(event.get("livemode")),
            )
    except IntegrityError:
        return "duplicate", None
    if event["type"] not in HANDLED_EVENTS:
        StripeEvent.objects.filter(pk=row.pk).update(processed_at=timezone.now())
        return "ignored", row
    from membership.tasks import process_stripe_event

    transaction.on_commit(lambda: process_stripe_event.enqueue(row.pk))
    return "accepted", row


def process_event(*, event_pk: int) -> None:
    """Apply one recorded event (runs in the background job)."""
    row = StripeEvent.objects.get(pk=event_pk)
    if row.processed_at:
        return
    obj = row.payload.get("data", {}).get("object", {})
    handler = _HANDLERS[row.type]
    handler(obj, row)
    StripeEvent.objects.filter(pk=row.pk).update(processed_at=timezone.now(), error="")


def _user_by_id(value):
    try:
        return get_user_model().objects.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def _link_customer(user, customer_id: str) -> Membership | None:
    if not user:
        return None
    membership, _ = Membership.objects.get_or_create(user=user)
    if customer_id and membership.stripe_customer_id != customer_id:
        membership.stripe_customer_id = customer_id
        membership.save(update_fields=["stripe_customer_id", "updated_at"])
    return membership


def _user_for_customer(customer_id: str):
    if not customer_id:
        return None
    membership = Membership.objects.filter(stripe_customer_id=customer_id).select_related("user").first()
    return membership.user if membership else None


def sync_subscription(*, subscription_id: str, user=None) -> Subscription:
    """Fetch the subscription from Stripe and mirror its current state."""
    data = gateway.retrieve_subscription(subscription_id)
    meta = data.get("metadata") or {}
    items = (data.get("items") or {}).get("data") or [{}]
    item = items[0]
    price = item.get("price") or {}
    customer_id = data.get("customer") or ""
    if isinstance(customer_id, dict):
        customer_id = customer_id.get("id", "")
    user = user or _user_by_id(meta.get("user_id")) or _user_for_customer(customer_id)
    status = data.get("status") or "incomplete"
    fields = {
        "user": user,
        "customer_id": customer_id,
        "kind": Kind.PREMIUM if meta.get("kind") == Kind.PREMIUM else Kind.DONATION,
        "status": status,
        "amount": int(price.get("unit_amount") or 0) * int(item.get("quantity") or 1),
        "currency": (price.get("currency") or "").upper(),
        "interval": (price.get("recurring") or {}).get("interval") or "month",
        # Since API 2025-03-31 the period lives on the item; older payloads had it on the subscription.
        "current_period_end": _ts(item.get("current_period_end") or data.get("current_period_end")),
        "cancel_at_period_end": bool(data.get("cancel_at_period_end")),
        "started_at": _ts(data.get("start_date")),
        "canceled_at": _ts(data.get("canceled_at")),
        "ended_at": _ts(data.get("ended_at")),
        "synced_at": timezone.now(),
    }
    with transaction.atomic():
        sub = Subscription.objects.select_for_update().filter(stripe_id=subscription_id).first()
        if sub is None:
            sub = Subscription(stripe_id=subscription_id)
        for name, value in fields.items():
            if name == "user" and value is None:
                continue
            setattr(sub, name, value)
        if status in ACTIVE_STATES:
            sub.payment_failed_at = None
        elif status == "past_due" and sub.payment_failed_at is None:
            sub.payment_failed_at = timezone.now()
        sub.save()
        _link_customer(sub.user, customer_id)
    return sub


def _record_payment(*, stripe_id: str, **fields) -> Payment:
    payment, _ = Payment.objects.get_or_create(stripe_id=stripe_id, defaults=fields)
    return payment


def _on_checkout_completed(obj: dict, row: StripeEvent) -> None:
    user = _user_by_id(obj.get("client_reference_id"))
    customer_id = obj.get("customer") or ""
    _link_customer(user, customer_id)
    meta = obj.get("metadata") or {}
    if obj.get("mode") == "subscription" and obj.get("subscription"):
        sync_subscription(subscription_id=obj["subscription"], user=user)
    elif obj.get("mode") == "payment" and obj.get("payment_status") == "paid":
        payment_intent = obj.get("payment_intent") or ""
        _record_payment(
            stripe_id=payment_intent or obj["id"],
            payment_intent=payment_intent,
            user=user or _user_for_customer(customer_id),
            kind=Kind.PREMIUM if meta.get("kind") == Kind.PREMIUM else Kind.DONATION,
            frequency=Frequency.ONE_OFF,
            amount=int(obj.get("amount_total") or 0),
            currency=(obj.get("currency") or "").upper(),
            paid_at=row.created,
        )


def _on_subscription_changed(obj: dict, row: StripeEvent) -> None:
    sync_subscription(subscription_id=obj["id"])


def _invoice_subscription_id(invoice: dict) -> str:
    parent = (invoice.get("parent") or {}).get("subscription_details") or {}
    sub = parent.get("subscription") or invoice.get("subscription") or ""
    return sub.get("id", "") if isinstance(sub, dict) else sub


def _invoice_payment_intent(invoice: dict) -> str:
    for entry in (invoice.get("payments") or {}).get("data") or []:
        pi = (entry.get("payment") or {}).get("payment_intent")
        if pi:
            return pi.get("id", "") if isinstance(pi, dict) else pi
    return invoice.get("payment_intent") or ""


def _on_invoice_paid(obj: dict, row: StripeEvent) -> None:
    sub_id = _invoice_subscription_id(obj)
    if not sub_id:
        return
    sub = sync_subscription(subscription_id=sub_id)
    paid_at = _ts((obj.get("status_transitions") or {}).get("paid_at")) or row.created
    _record_payment(
        stripe_id=obj["id"],
        payment_intent=_invoice_payment_intent(obj),
        user=sub.user,
        subscription=sub,
        kind=sub.kind,
        frequency=FREQUENCY_OF_INTERVAL.get(sub.interval, Frequency.MONTHLY),
        amount=int(obj.get("amount_paid") or 0),
        currency=(obj.get("currency") or sub.currency).upper(),
        receipt_url=obj.get("hosted_invoice_url") or "",
        paid_at=paid_at,
    )


def _on_invoice_failed(obj: dict, row: StripeEvent) -> None:
    sub_id = _invoice_subscription_id(obj)
    if not sub_id:
        return
    sub = sync_subscription(subscription_id=sub_id)
    if sub.user_id and sub.status == "past_due":
        from membership.tasks import email_payment_failed

        transaction.on_commit(lambda: email_payment_failed.enqueue(sub.pk, row.event_id))


def _on_charge_refunded(obj: dict, row: StripeEvent) -> None:
    payment = Payment.objects.filter(payment_intent=obj.get("payment_intent") or "-").first()
    if payment is None:
        log.warning("refund for an unknown payment %s", obj.get("payment_intent"))
        return
    payment.amount_refunded = int(obj.get("amount_refunded") or 0)
    full = obj.get("refunded") or payment.amount_refunded >= payment.amount
    payment.status = Payment.Status.REFUNDED if full else Payment.Status.PARTLY_REFUNDED
    payment.save(update_fields=["amount_refunded", "status"])


def _on_dispute_created(obj: dict, row: StripeEvent) -> None:
    payment = Payment.objects.filter(payment_intent=obj.get("payment_intent") or "-").first()
    if payment is None:
        log.warning("dispute for an unknown payment %s", obj.get("payment_intent"))
        return
    payment.status = Payment.Status.DISPUTED
    payment.save(update_fields=["status"])
    if payment.user_id and payment.kind == Kind.PREMIUM:
        # Premium paid for by a disputed charge waits until the dispute is settled.
        Membership.objects.filter(user_id=payment.user_id).update(dispute_hold=True, updated_at=timezone.now())


def _on_dispute_closed(obj: dict, row: StripeEvent) -> None:
    payment = Payment.objects.filter(payment_intent=obj.get("payment_intent") or "-").first()
    if payment is None or obj.get("status") != "won":
        return  # a lost dispute leaves the payment disputed and any hold in place
    payment.status = Payment.Status.PAID
    payment.save(update_fields=["status"])
    if payment.user_id and not Payment.objects.filter(user_id=payment.user_id, status=Payment.Status.DISPUTED).exists():
        Membership.objects.filter(user_id=payment.user_id).update(dispute_hold=False, updated_at=timezone.now())


_HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.async_payment_succeeded": _on_checkout_completed,
    "customer.subscription.paused": _on_subscription_changed,
    "customer.subscription.resumed": _on_subscription_changed,
    "charge.dispute.closed": _on_dispute_closed,
    "customer.subscription.created": _on_subscription_changed,
    "customer.subscription.updated": _on_subscription_changed,
    "customer.subscription.deleted": _on_subscription_changed,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_failed,
    "charge.refunded": _on_charge_refunded,
    "charge.dispute.created": _on_dispute_created,
}


# Hand grants (admin), audited


def grant_premium(*, member, by, until: datetime, note: str = "") -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.select_for_update().get_or_create(user=member)
        membership.granted_until = until
        membership.save(update_fields=["granted_until", "updated_at"])
        GrantAudit.objects.create(member=member, actor=by, action=GrantAudit.Action.GRANT, until=until, note=note[:300])
    return membership


def revoke_premium(*, member, by, note: str = "") -> Membership:
    """Ends a hand grant. A paid subscription is left alone: refund or cancel it in Stripe."""
    with transaction.atomic():
        membership, _ = Membership.objects.select_for_update().get_or_create(user=member)
        membership.granted_until = None
        membership.save(update_fields=["granted_until", "updated_at"])
        GrantAudit.objects.create(member=member, actor=by, action=GrantAudit.Action.REVOKE, note=note[:300])
    return membership


def clear_dispute_hold(*, member, by, note: str = "") -> None:
    with transaction.atomic():
        Membership.objects.filter(user=member).update(dispute_hold=False, updated_at=timezone.now())
        GrantAudit.objects.create(member=member, actor=by, action=GrantAudit.Action.CLEAR_DISPUTE, note=note[:300])


# Bookmarks


def save_bookmark(*, user, blog, post=None) -> Bookmark:
    from membership.access import can_add_bookmark

    if not can_add_bookmark(user):
        raise NotAllowed(gettext("Saving stories is a Premium perk."))
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, blog=blog, post=post)
    except IntegrityError:
        return Bookmark.objects.get(user=user, blog=blog, post=post)


def remove_bookmark(*, user, blog, post=None) -> int:
    """Anyone may remove what they saved, Premium or not."""
    deleted, _ = Bookmark.objects.filter(user=user, blog=blog, post=post).delete()
    return deleted


# Contribution reminders


def remind_at(day: date) -> datetime:
    """Nine in the morning, newsroom time, on the reminder's day."""
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def set_reminder(*, user, month: date) -> Reminder:
    """Remind the reader on the first day of `month` (one reminder per reader at a time)."""
    from membership.tasks import send_contribution_reminder

    day = month.replace(day=1)
    with transaction.atomic():
        Reminder.objects.filter(user=user, sent_at__isnull=True).delete()
        reminder = Reminder.objects.create(user=user, remind_on=day)
        transaction.on_commit(
            lambda: send_contribution_reminder.using(run_after=remind_at(day)).enqueue(reminder.pk)
        )
    return reminder


def cancel_reminder(*, user) -> int:
    deleted, _ = Reminder.objects.filter(user=user, sent_at__isnull=True).delete()
    return deleted


def grace_days_left(sub: Subscription, now=None) -> int:
    now = now or timezone.now()
    grace = sub.grace_until
    return max(0, (grace - now).days) if grace else 0

