"""The one module that talks to Stripe, through the official SDK with a
pinned API version. Everything else calls these functions.

Without STRIPE_SECRET_KEY the site is in test mode: the same functions are
answered by membership/testmode.py, which keeps Stripe's records locally and
delivers signed events to the same webhook code."""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from membership.models import INTERVAL_OF, Frequency, Kind

# The API version every request asks for and every payload is parsed as. Move
# it on deliberately (docs/membership.md), together with the SDK pin.
API_VERSION = "2026-10-28.endive"
# Events older than this (by their signed timestamp) are refused as replays.
TOLERANCE_SECONDS = 300

SignatureError = stripe.SignatureVerificationError
StripeError = stripe.StripeError


def test_mode() -> bool:
    return not settings.STRIPE_SECRET_KEY


def webhook_secret() -> str:
    if settings.STRIPE_WEBHOOK_SECRET:
        return settings.STRIPE_WEBHOOK_SECRET
    if test_mode():
        # Test mode signs its own events; the secret is derived from SECRET_KEY
        # so nobody outside this installation can forge one.
        digest = hmac.new(settings.SECRET_KEY.encode(), b"membership-test-mode-webhooks", hashlib.sha256)
        return "whsec_local_" + digest.hexdigest()
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is not set (see docs/membership.md)")


def _client() -> stripe.StripeClient:
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, stripe_version=API_VERSION, base_addresses=base, max_network_retries=2
    )


@dataclass(frozen=True)
class CheckoutRequest:
    kind: str  # Kind
    frequency: str  # Frequency
    amount: int  # minor units
    currency: str
    user_id: int | None
    email: str
    customer_id: str
    success_url: str
    cancel_url: str
    idempotency_key: str

    @property
    def mode(self) -> str:
        return "payment" if self.frequency == Frequency.ONE_OFF else "subscription"


def product_name(kind: str, frequency: str) -> str:
    if kind == Kind.PREMIUM:
        return f"{settings.NEWSROOM_NAME} Premium ({Frequency(frequency).label.lower()})"
    return f"{Frequency(frequency).label} support for {settings.NEWSROOM_NAME}"


def create_checkout_session(req: CheckoutRequest) -> str:
    """Create a Checkout Session on the server; return the URL to send the reader to."""
    if test_mode():
        from membership import testmode

        return testmode.create_checkout_session(req)
    metadata = {"kind": req.kind, "frequency": req.frequency, "user_id": str(req.user_id or "")}
    price_data = {
        "currency": req.currency.lower(),
        "unit_amount": req.amount,
        "product_data": {"name": product_name(req.kind, req.frequency)},
    }
    params = {
        "mode": req.mode,
        "line_items": [{"price_data": price_data, "quantity": 1}],
        "success_url": req.success_url,
        "cancel_url": req.cancel_url,
        "metadata": metadata,
    }
    if req.user_id:
        params["client_reference_id"] = str(req.user_id)
    if req.customer_id:
        params["customer"] = req.customer_id
    elif req.email:
        params["customer_email"] = req.email
    if req.mode == "subscription":
        price_data["recurring"] = {"interval": INTERVAL_OF[req.frequency]}
        params["subscription_data"] = {"metadata": metadata}
    else:
        params["payment_intent_data"] = {"metadata": metadata}
        if not req.customer_id:
            # So a one-off gift joins the reader's history and portal.
            params["customer_creation"] = "always"
    session = _client().v1.checkout.sessions.create(params=params, options={"idempotency_key": req.idempotency_key})
    return session.url


def retrieve_subscription(subscription_id: str) -> dict:
    """The subscription as Stripe holds it now, as a plain dict."""
    if test_mode():
        from membership import testmode

        return testmode.subscription_as_stripe(subscription_id)
    return _client().v1.subscriptions.retrieve(subscription_id).to_dict()


def create_portal_url(customer_id: str, return_url: str) -> str:
    """A Customer Portal session: the reader manages or cancels there."""
    if test_mode():
        from membership import testmode

        return testmode.portal_url(customer_id)
    session = _client().v1.billing_portal.sessions.create(params={"customer": customer_id, "return_url": return_url})
    return session.url


def verify_event(payload: bytes, signature_header: str | None) -> dict:
    """Check Stripe-Signature against the raw body and return the event as a
    dict. Raises SignatureError for a forged, missing or stale signature and
    ValueError for a body that is not an event."""
    stripe.Webhook.construct_event(payload, signature_header, webhook_secret(), tolerance=TOLERANCE_SECONDS)
    event = json.loads(payload)
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise ValueError("not a Stripe event")
    return event


def sign(payload: str, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for payload, in Stripe's format (t=…,v1=…).
    Test mode signs the events it delivers with this."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = secret or webhook_secret()
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"
