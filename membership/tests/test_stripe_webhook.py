"""The webhook: signatures, replays, forgeries, stale and reordered events,
and status derived from the subscription Stripe holds now."""

import time

import pytest

from membership.entitlements import member_state
from membership.models import Membership, Payment, StripeEvent, Subscription
from membership.tests.conftest import make_event, subscription

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_accepts_a_correctly_signed_event_and_records_it_once(fake_stripe, post_event, run_worker, member):
    fake_stripe.subscriptions["sub_1"] = subscription(user_id=member.pk)
    event = make_event("customer.subscription.created", subscription(user_id=member.pk))
    response = post_event(event)
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
    # The answer came before any work: nothing asked of Stripe yet, no access yet.
    assert fake_stripe.requests == []
    assert not member_state(member).has_premium
    run_worker()
    assert StripeEvent.objects.get(event_id=event["id"]).processed_at is not None
    assert member_state(member).has_premium
    # The API call carried the pinned version.
    assert fake_stripe.requests[-1]["headers"]["Stripe-Version"] == "2026-10-28.endive"


def test_it_refuses_a_forged_signature(fake_stripe, post_event, member):
    event = make_event("customer.subscription.created", subscription(user_id=member.pk))
    response = post_event(event, secret="whsec_someone_else")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_it_refuses_a_missing_signature(fake_stripe, post_event):
    response = post_event(make_event("invoice.paid", {}), signature="")
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_it_refuses_a_stale_event(fake_stripe, post_event, member):
    event = make_event("customer.subscription.created", subscription(user_id=member.pk))
    response = post_event(event, timestamp=int(time.time()) - 3600)
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_it_refuses_a_body_changed_after_signing(fake_stripe, client, member):
    import json

    from membership.tests.conftest import stripe_signature

    event = make_event("customer.subscription.created", subscription(user_id=member.pk))
    header = stripe_signature(json.dumps(event))
    event["data"]["object"]["status"] = "active-and-tampered"
    response = client.post(
        "/membership/stripe/webhook/",
        data=json.dumps(event),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400


def test_it_ignores_a_replayed_event(fake_stripe, post_event, run_worker, member):
    fake_stripe.subscriptions["sub_1"] = subscription(user_id=member.pk)
    invoice = {
        "id": "in_1", "object": "invoice", "customer": "cus_1", "currency": "gbp", "amount_paid": 500,
        "parent": {"subscription_details": {"subscription": "sub_1"}},
        "payments": {"data": [{"payment": {"payment_intent": "pi_1"}}]},
    }
    event = make_event("invoice.paid", invoice)
    assert post_event(event).json()["outcome"] == "accepted"
    assert post_event(event).json()["outcome"] == "duplicate"
    run_worker()
    assert StripeEvent.objects.count() == 1
    assert Payment.objects.count() == 1
    assert Payment.objects.get().amount == 500


def test_it_derives_status_from_the_subscription_not_from_event_order(fake_stripe, post_event, run_worker, member):
    # Stripe delivered "deleted" before the older "updated"; the subscription is cancelled now.
    ended = int(time.time()) - 10
    fake_stripe.subscriptions["sub_1"] = subscription(status="canceled", user_id=member.pk, ended_at=ended)
    post_event(
        make_event("customer.subscription.deleted", subscription(status="canceled", user_id=member.pk, ended_at=ended))
    )
    post_event(make_event("customer.subscription.updated", subscription(status="active", user_id=member.pk)))
    run_worker()
    sub = Subscription.objects.get(stripe_id="sub_1")
    assert sub.status == "canceled"
    assert member_state(member).status == "lapsed"


def test_it_links_the_customer_from_a_completed_checkout(fake_stripe, post_event, run_worker, member):
    fake_stripe.subscriptions["sub_9"] = subscription("sub_9", customer="cus_9")
    session = {
        "id": "cs_1",
        "object": "checkout.session",
        "mode": "subscription",
        "client_reference_id": str(member.pk),
        "customer": "cus_9",
        "subscription": "sub_9",
        "payment_status": "paid",
        "metadata": {"kind": "premium"},
    }
    post_event(make_event("checkout.session.completed", session))
    run_worker()
    assert Membership.objects.get(user=member).stripe_customer_id == "cus_9"
    assert Subscription.objects.get(stripe_id="sub_9").user == member
    assert member_state(member).has_premium


def test_it_records_a_one_off_gift_and_its_refund(fake_stripe, post_event, run_worker, reader):
    session = {"id": "cs_2", "object": "checkout.session", "mode": "payment", "client_reference_id": str(reader.pk),
               "customer": "cus_2", "payment_intent": "pi_2", "payment_status": "paid", "amount_total": 2500,
               "currency": "eur", "metadata": {"kind": "donation", "frequency": "one_off"}}
    post_event(make_event("checkout.session.completed", session))
    run_worker()
    gift = Payment.objects.get(stripe_id="pi_2")
    assert (gift.user, gift.amount, gift.currency, gift.frequency) == (reader, 2500, "EUR", "one_off")
    post_event(
        make_event(
            "charge.refunded",
            {"id": "ch_2", "object": "charge", "payment_intent": "pi_2", "amount_refunded": 2500, "refunded": True},
        )
    )
    run_worker()
    gift.refresh_from_db()
    assert gift.status == Payment.Status.REFUNDED


def test_it_holds_premium_when_its_payment_is_disputed(fake_stripe, post_event, run_worker, member):
    fake_stripe.subscriptions["sub_1"] = subscription(user_id=member.pk)
    invoice = {"id": "in_3", "object": "invoice", "customer": "cus_1", "currency": "gbp", "amount_paid": 500,
               "parent": {"subscription_details": {"subscription": "sub_1"}},
               "payments": {"data": [{"payment": {"payment_intent": "pi_3"}}]}}
    post_event(make_event("invoice.paid", invoice))
    run_worker()
    assert member_state(member).has_premium
    post_event(
        make_event(
            "charge.dispute.created", {"id": "dp_1", "object": "dispute", "charge": "ch_3", "payment_intent": "pi_3"}
        )
    )
    run_worker()
    assert Payment.objects.get(stripe_id="in_3").status == Payment.Status.DISPUTED
    state = member_state(member)
    assert (state.has_premium, state.status) == (False, "held")
    post_event(
        make_event(
            "charge.dispute.closed", {"id": "dp_1", "object": "dispute", "payment_intent": "pi_3", "status": "won"}
        )
    )
    run_worker()
    assert Payment.objects.get(stripe_id="in_3").status == Payment.Status.PAID
    assert member_state(member).status == "active"


def test_it_keeps_premium_in_the_grace_period_and_emails_the_member(
    fake_stripe, post_event, run_worker, member, mailoutbox
):
    fake_stripe.subscriptions["sub_1"] = subscription(status="past_due", user_id=member.pk)
    invoice = {"id": "in_4", "object": "invoice", "customer": "cus_1", "currency": "gbp", "amount_paid": 0,
               "parent": {"subscription_details": {"subscription": "sub_1"}}}
    post_event(make_event("invoice.payment_failed", invoice))
    run_worker()  # applies the event, which queues the email
    run_worker()
    state = member_state(member)
    assert (state.has_premium, state.status) == (True, "grace")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mia@example.org"]
    assert "did not go through" in mailoutbox[0].subject


def test_it_answers_an_event_type_it_does_not_handle_without_queueing_work(fake_stripe, post_event):
    response = post_event(make_event("customer.created", {"id": "cus_5", "object": "customer"}))
    assert response.json()["outcome"] == "ignored"
    assert StripeEvent.objects.get().processed_at is not None


def test_it_refuses_get(client):
    assert client.get("/membership/stripe/webhook/").status_code == 405


def test_it_retries_an_event_it_could_not_apply(fake_stripe, post_event, run_worker, member):
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    # Stripe does not know the subscription yet (or cannot be reached): the fetch fails.
    event = make_event("customer.subscription.created", subscription("sub_late", user_id=member.pk))
    post_event(event)
    run_worker()
    row = StripeEvent.objects.get(event_id=event["id"])
    assert (row.processed_at, row.attempts) == (None, 1)
    assert "No such object" in row.error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now()
    fake_stripe.subscriptions["sub_late"] = subscription("sub_late", user_id=member.pk)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    row.refresh_from_db()
    assert row.processed_at is not None
    assert member_state(member).has_premium


def test_it_records_a_gift_whose_bank_payment_cleared_later(fake_stripe, post_event, run_worker, reader):
    session = {"id": "cs_6", "object": "checkout.session", "mode": "payment", "client_reference_id": str(reader.pk),
               "customer": "cus_6", "payment_intent": "pi_6", "payment_status": "unpaid", "amount_total": 1500,
               "currency": "gbp", "metadata": {"kind": "donation"}}
    post_event(make_event("checkout.session.completed", session))
    run_worker()
    assert not Payment.objects.exists()  # not paid yet
    post_event(make_event("checkout.session.async_payment_succeeded", {**session, "payment_status": "paid"}))
    run_worker()
    assert Payment.objects.get().amount == 1500
