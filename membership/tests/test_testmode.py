"""Test mode (no Stripe keys): the local checkout and portal deliver signed
events through the same webhook code, and the job applies them."""

import json

import pytest

from membership import stripe_gateway as gateway
from membership.entitlements import member_state
from membership.models import LocalSubscription, Payment, StripeEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _join(client, member, plan="monthly"):
    client.force_login(member)
    response = client.post("/membership/join/", {"plan": plan, "currency": "GBP", "nonce": "t1"})
    assert response.status_code == 302
    return response["Location"]


def test_it_grants_premium_only_once_the_webhook_job_has_run(test_mode, client, member, run_worker):
    checkout = _join(client, member)
    assert checkout.startswith("/membership/test-mode/checkout/")
    page = client.get(checkout).content.decode()
    assert "Test mode" in page
    assert "Pay £5 (test)" in page
    done = client.post(checkout, {"choice": "pay"})
    assert done["Location"].endswith("/membership/thanks/?kind=premium")
    # The success redirect grants nothing.
    assert not member_state(member).has_premium
    assert "confirming your payment" in client.get(done["Location"]).content.decode()
    run_worker()
    assert member_state(member).status == "active"
    assert "Your Premium membership is active" in client.get(done["Location"]).content.decode()
    assert set(StripeEvent.objects.values_list("type", flat=True)) == {
        "checkout.session.completed", "customer.subscription.created", "invoice.paid"
    }
    assert Payment.objects.get(user=member).amount == 500


def test_it_cancels_in_the_portal_and_the_member_lapses(test_mode, client, member, run_worker):
    client.post(_join(client, member), {"choice": "pay"})
    run_worker()
    response = client.post("/membership/portal/")
    assert response["Location"] == "/membership/test-mode/portal/"
    sub = LocalSubscription.objects.get()
    client.post(
        "/membership/test-mode/portal/", {"subscription": sub.subscription_id, "choice": "cancel_at_period_end"}
    )
    run_worker()
    assert member_state(member).status == "cancelling"
    client.post("/membership/test-mode/portal/", {"subscription": sub.subscription_id, "choice": "cancel_now"})
    run_worker()
    state = member_state(member)
    assert (state.has_premium, state.status) == (False, "lapsed")


def test_it_changes_plan_in_the_portal(test_mode, client, member, run_worker):
    client.post(_join(client, member), {"choice": "pay"})
    run_worker()
    sub = LocalSubscription.objects.get()
    client.post("/membership/test-mode/portal/", {"subscription": sub.subscription_id, "choice": "year"})
    run_worker()
    mirrored = member_state(member).subscription
    assert (mirrored.interval, mirrored.amount) == ("year", 5000)


def test_it_goes_back_without_paying(test_mode, client, member):
    checkout = _join(client, member)
    response = client.post(checkout, {"choice": "cancel"})
    assert response["Location"].endswith("/membership/join/")
    assert not StripeEvent.objects.exists()


def test_it_signs_its_events_so_a_forgery_is_still_refused(test_mode, client):
    payload = json.dumps({"id": "evt_x", "type": "invoice.paid", "created": 1, "data": {"object": {}}})
    forged = gateway.sign(payload, secret="whsec_guess")
    response = client.post(
        "/membership/stripe/webhook/", data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=forged
    )
    assert response.status_code == 400


def test_it_hides_another_readers_checkout(test_mode, client, member, stranger):
    checkout = _join(client, member)
    client.force_login(stranger)
    assert client.get(checkout).status_code == 404


def test_it_is_off_when_stripe_keys_are_set(fake_stripe, client, member):
    client.force_login(member)
    assert client.get("/membership/test-mode/portal/").status_code == 404


def test_it_simulates_a_declined_renewal_then_a_successful_one(test_mode, client, member, run_worker, mailoutbox):
    client.post(_join(client, member), {"choice": "pay"})
    run_worker()
    sub = LocalSubscription.objects.get()
    client.post("/membership/test-mode/portal/", {"subscription": sub.subscription_id, "choice": "fail_renewal"})
    run_worker()  # applies invoice.payment_failed and queues the email
    run_worker()
    assert member_state(member).status == "grace"
    assert len(mailoutbox) == 1
    client.post("/membership/test-mode/portal/", {"subscription": sub.subscription_id, "choice": "renew"})
    run_worker()
    assert member_state(member).status == "active"
    assert Payment.objects.filter(user=member).count() == 2


def test_it_takes_a_gift_without_an_account(test_mode, client, run_worker):
    response = client.post("/support/", {"amount": "7", "currency": "EUR", "frequency": "one_off", "nonce": "a1"})
    checkout = response["Location"]
    assert "Pay €7 (test)" in client.get(checkout).content.decode()
    client.post(checkout, {"choice": "pay"})
    run_worker()
    gift = Payment.objects.get()
    assert (gift.user, gift.amount, gift.currency, gift.kind) == (None, 700, "EUR", "donation")


def test_it_does_not_make_a_monthly_supporter_a_premium_member(test_mode, client, reader, run_worker):
    client.force_login(reader)
    checkout = client.post("/support/", {"amount": "10", "currency": "GBP", "frequency": "monthly", "nonce": "a2"})[
        "Location"
    ]
    client.post(checkout, {"choice": "pay"})
    run_worker()
    state = member_state(reader)
    assert (state.has_premium, state.is_supporter) == (False, True)
    assert client.get("/me").json()["membership"]["asks"] == "fewer"
    assert "every month: Active" in client.get("/membership/").content.decode()
