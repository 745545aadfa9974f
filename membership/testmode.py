"""Test mode: a local stand-in for Stripe when no keys are set (the demo).

It keeps what Stripe would keep (checkout sessions, subscriptions) in local
tables, and every change it makes is announced as a webhook event in Stripe's
format, signed with the local webhook secret and handed to the same
actions.receive_event the webhook view calls. So joining, paying, changing
plan and cancelling go through exactly the code real payments use."""

import json
import secrets
import time
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from membership import stripe_gateway as gateway
from membership.models import INTERVAL_OF, Frequency, LocalCheckoutSession, LocalSubscription


def _id(prefix: str) -> str:
    return f"{prefix}_local_{secrets.token_hex(10)}"


def _epoch(dt) -> int | None:
    return int(dt.timestamp()) if dt else None


def create_checkout_session(req: "gateway.CheckoutRequest") -> str:
    # The idempotency key names the session, so a double submit finds the same one.
    existing = LocalCheckoutSession.objects.filter(session_id=f"cs_local_{req.idempotency_key[-24:]}").first()
    session = existing or LocalCheckoutSession.objects.create(
        session_id=f"cs_local_{req.idempotency_key[-24:]}",
        user_id=req.user_id,
        mode=req.mode,
        kind=req.kind,
        frequency=req.frequency,
        amount=req.amount,
        currency=req.currency,
        email=req.email,
        success_url=req.success_url,
        cancel_url=req.cancel_url,
    )
    return reverse("membership:testmode_checkout", args=[session.session_id])


def deliver(event_type: str, obj: dict) -> str:
    """Sign an event in Stripe's format and hand it to the webhook code."""
    from membership import actions

    event = {
        "id": _id("evt"),
        "object": "event",
        "api_version": gateway.API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }
    payload = json.dumps(event)
    outcome, _ = actions.receive_event(payload=payload.encode(), signature=gateway.sign(payload))
    return outcome


def subscription_as_stripe(subscription_id: str) -> dict:
    sub = LocalSubscription.objects.get(subscription_id=subscription_id)
    return {
        "id": sub.subscription_id,
        "object": "subscription",
        "customer": sub.customer_id,
        "status": sub.status,
        "cancel_at_period_end": sub.cancel_at_period_end,
        "canceled_at": _epoch(sub.canceled_at),
        "ended_at": _epoch(sub.ended_at),
        "start_date": _epoch(sub.created_at),
        "metadata": sub.metadata,
        "livemode": False,
        "items": {
            "object": "list",
            "data": [
                {
                    "object": "subscription_item",
                    "quantity": 1,
                    "current_period_start": _epoch(sub.current_period_start),
                    "current_period_end": _epoch(sub.current_period_end),
                    "price": {
                        "object": "price",
                        "unit_amount": sub.amount,
                        "currency": sub.currency.lower(),
                        "recurring": {"interval": sub.interval},
                    },
                }
            ],
        },
    }


def _invoice(sub: LocalSubscription, *, paid: bool) -> dict:
    return {
        "id": _id("in"),
        "object": "invoice",
        "customer": sub.customer_id,
        "currency": sub.currency.lower(),
        "amount_due": sub.amount,
        "amount_paid": sub.amount if paid else 0,
        "status": "paid" if paid else "open",
        "hosted_invoice_url": "",
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": sub.subscription_id}},
        "payments": {"data": [{"payment": {"type": "payment_intent", "payment_intent": _id("pi")}}]},
        "status_transitions": {"paid_at": int(time.time()) if paid else None},
    }


def _period(interval: str) -> timedelta:
    return timedelta(days=365) if interval == "year" else timedelta(days=30)


def complete_checkout(session: LocalCheckoutSession) -> None:
    """The reader pressed Pay on the test checkout page."""
    with transaction.atomic():
        session = LocalCheckoutSession.objects.select_for_update().get(pk=session.pk)
        if session.completed_at:
            return
        session.completed_at = timezone.now()
        session.save(update_fields=["completed_at"])
    customer = f"cus_local_{session.user_id}" if session.user_id else _id("cus")
    metadata = {"kind": session.kind, "frequency": session.frequency, "user_id": str(session.user_id or "")}
    checkout = {
        "id": session.session_id,
        "object": "checkout.session",
        "mode": session.mode,
        "client_reference_id": str(session.user_id) if session.user_id else None,
        "customer": customer,
        "currency": session.currency.lower(),
        "amount_total": session.amount,
        "payment_status": "paid",
        "status": "complete",
        "metadata": metadata,
        "payment_intent": None,
        "subscription": None,
    }
    if session.mode == "payment":
        checkout["payment_intent"] = _id("pi")
        deliver("checkout.session.completed", checkout)
        return
    now = timezone.now()
    interval = INTERVAL_OF[Frequency(session.frequency)]
    sub = LocalSubscription.objects.create(
        subscription_id=_id("sub"),
        customer_id=customer,
        kind=session.kind,
        amount=session.amount,
        currency=session.currency,
        interval=interval,
        current_period_start=now,
        current_period_end=now + _period(interval),
        metadata=metadata,
    )
    checkout["subscription"] = sub.subscription_id
    # Stripe sends these three in no fixed order; the job copes with any.
    deliver("customer.subscription.created", subscription_as_stripe(sub.subscription_id))
    deliver("invoice.paid", _invoice(sub, paid=True))
    deliver("checkout.session.completed", checkout)


def portal_url(customer_id: str) -> str:
    return reverse("membership:testmode_portal")


def cancel(sub: LocalSubscription, *, at_period_end: bool) -> None:
    now = timezone.now()
    if at_period_end:
        sub.cancel_at_period_end = True
        sub.canceled_at = now
        sub.save(update_fields=["cancel_at_period_end", "canceled_at"])
        deliver("customer.subscription.updated", subscription_as_stripe(sub.subscription_id))
        return
    sub.status = "canceled"
    sub.canceled_at = sub.canceled_at or now
    sub.ended_at = now
    sub.save(update_fields=["status", "canceled_at", "ended_at"])
    deliver("customer.subscription.deleted", subscription_as_stripe(sub.subscription_id))


def resume(sub: LocalSubscription) -> None:
    sub.cancel_at_period_end = False
    sub.canceled_at = None
    sub.save(update_fields=["cancel_at_period_end", "canceled_at"])
    deliver("customer.subscription.updated", subscription_as_stripe(sub.subscription_id))


def change_interval(sub: LocalSubscription, *, interval: str, amount: int) -> None:
    sub.interval = interval
    sub.amount = amount
    sub.metadata = {**sub.metadata, "frequency": "annual" if interval == "year" else "monthly"}
    sub.save(update_fields=["interval", "amount", "metadata"])
    deliver("customer.subscription.updated", subscription_as_stripe(sub.subscription_id))


def fail_renewal(sub: LocalSubscription) -> None:
    """Pretend the card was declined at renewal (to try the grace period)."""
    sub.status = "past_due"
    sub.save(update_fields=["status"])
    deliver("invoice.payment_failed", _invoice(sub, paid=False))


def renew(sub: LocalSubscription) -> None:
    """Pretend a renewal (or a retried payment) succeeded."""
    sub.status = "active"
    sub.current_period_start = timezone.now()
    sub.current_period_end = sub.current_period_start + _period(sub.interval)
    sub.save(update_fields=["status", "current_period_start", "current_period_end"])
    deliver("invoice.paid", _invoice(sub, paid=True))
