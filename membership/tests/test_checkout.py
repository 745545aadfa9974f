"""Checkout Sessions are created on the server, through the SDK, against a
fake Stripe at the HTTP edge."""

import pytest

pytestmark = pytest.mark.django_db


def _session_calls(fake):
    return [r for r in fake.requests if r["path"] == "/v1/checkout/sessions"]


def test_it_creates_a_subscription_session_for_premium(fake_stripe, client, member):
    client.force_login(member)
    response = client.post("/membership/join/", {"plan": "monthly", "currency": "GBP", "nonce": "n1"})
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.com/")
    (call,) = _session_calls(fake_stripe)
    form = call["form"]
    assert form["mode"] == ["subscription"]
    assert form["client_reference_id"] == [str(member.pk)]
    assert form["line_items[0][price_data][unit_amount]"] == ["500"]
    assert form["line_items[0][price_data][currency]"] == ["gbp"]
    assert form["line_items[0][price_data][recurring][interval]"] == ["month"]
    assert form["subscription_data[metadata][kind]"] == ["premium"]
    assert call["headers"]["Idempotency-Key"].startswith("checkout-")
    assert call["headers"]["Stripe-Version"] == "2026-10-28.endive"


def test_it_sends_the_same_idempotency_key_for_a_double_submit(fake_stripe, client, member):
    client.force_login(member)
    data = {"plan": "annual", "currency": "EUR", "nonce": "same"}
    client.post("/membership/join/", data)
    client.post("/membership/join/", data)
    client.post("/membership/join/", {**data, "plan": "monthly"})
    keys = [c["headers"]["Idempotency-Key"] for c in _session_calls(fake_stripe)]
    assert keys[0] == keys[1] != keys[2]


def test_it_creates_a_payment_session_for_a_one_off_gift_without_an_account(fake_stripe, client):
    response = client.post("/support/", {"amount": "12.50", "currency": "USD", "frequency": "one_off", "nonce": "g1"})
    assert response.status_code == 302
    (call,) = _session_calls(fake_stripe)
    form = call["form"]
    assert form["mode"] == ["payment"]
    assert "client_reference_id" not in form
    assert form["line_items[0][price_data][unit_amount]"] == ["1250"]
    assert form["customer_creation"] == ["always"]


def test_it_creates_a_subscription_session_for_a_monthly_gift(fake_stripe, client, reader):
    client.force_login(reader)
    client.post("/support/", {"amount": "10", "currency": "GBP", "frequency": "monthly", "nonce": "g2"})
    form = _session_calls(fake_stripe)[0]["form"]
    assert form["mode"] == ["subscription"]
    assert form["subscription_data[metadata][kind]"] == ["donation"]
    assert form["client_reference_id"] == [str(reader.pk)]


def test_it_explains_a_bad_amount_and_keeps_the_form(fake_stripe, client):
    response = client.post("/support/", {"amount": "0.10", "currency": "GBP", "frequency": "one_off", "nonce": "g3"})
    assert response.status_code == 200
    assert "The smallest gift we can take is 1." in response.content.decode()
    assert 'value="0.10"' in response.content.decode()
    assert not _session_calls(fake_stripe)


def test_it_refuses_an_unknown_currency(fake_stripe, client):
    response = client.post("/support/", {"amount": "5", "currency": "XYZ", "frequency": "one_off", "nonce": "g4"})
    assert response.status_code == 200
    assert not _session_calls(fake_stripe)


def test_it_sends_a_signed_out_reader_to_sign_in_before_joining(fake_stripe, client):
    response = client.post("/membership/join/", {"plan": "monthly", "currency": "GBP", "nonce": "n2"})
    assert response.status_code == 302
    assert "next=/membership/join/" in response["Location"]
    assert not _session_calls(fake_stripe)


def test_it_says_so_when_stripe_cannot_be_reached(fake_stripe, client, member, settings):
    fake_stripe.stop()
    client.force_login(member)
    response = client.post("/membership/join/", {"plan": "monthly", "currency": "GBP", "nonce": "n3"})
    assert response.status_code == 200
    assert "could not reach our payment provider" in response.content.decode()


def test_it_opens_the_customer_portal_for_a_customer(fake_stripe, client, member):
    from membership.models import Membership

    Membership.objects.create(user=member, stripe_customer_id="cus_77")
    client.force_login(member)
    response = client.post("/membership/portal/")
    assert response["Location"] == "https://billing.stripe.com/p/session/test_1"
    call = [r for r in fake_stripe.requests if r["path"] == "/v1/billing_portal/sessions"][0]
    assert call["form"]["customer"] == ["cus_77"]
