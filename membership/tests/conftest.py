"""Helpers for membership tests: a fake Stripe API server at the HTTP edge,
Stripe-format signatures made here (not with our own signing code), and the
real job worker."""

import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command

TEST_SECRET = "whsec_test_secret_for_tests"


def stripe_signature(payload: str, secret: str = TEST_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def make_event(event_type: str, obj: dict, *, event_id: str | None = None, created: int | None = None) -> dict:
    return {
        "id": event_id or f"evt_{uuid.uuid4().hex[:16]}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": created or int(time.time()),
        "livemode": False,
        "type": event_type,
        "data": {"object": obj},
    }


def subscription(sub_id="sub_1", *, status="active", customer="cus_1", kind="premium", user_id="", amount=500,
                 currency="gbp", interval="month", cancel_at_period_end=False, period_end=None, ended_at=None):
    now = int(time.time())
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": ended_at,
        "ended_at": ended_at,
        "start_date": now - 60,
        "metadata": {"kind": kind, "user_id": str(user_id)},
        "items": {"object": "list", "data": [{
            "object": "subscription_item", "quantity": 1,
            "current_period_start": now - 60, "current_period_end": period_end or now + 30 * 86400,
            "price": {
                "object": "price", "unit_amount": amount, "currency": currency, "recurring": {"interval": interval},
            },
        }]},
    }


@pytest.fixture
def post_event(client, django_capture_on_commit_callbacks):
    """post_event(event, secret=…, timestamp=…, signature=…) → response, through the URL."""

    def post(event: dict, *, secret: str = TEST_SECRET, timestamp: int | None = None, signature: str | None = None):
        payload = json.dumps(event)
        header = signature if signature is not None else stripe_signature(payload, secret, timestamp)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/membership/stripe/webhook/", data=payload, content_type="application/json",
                HTTP_STRIPE_SIGNATURE=header,
            )

    return post


@pytest.fixture
def run_worker():
    """The real job worker, once through the queue. It closes the database
    connection when done, so tests using it need django_db(transaction=True)."""

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


class FakeStripe:
    """Answers the few Stripe API calls we make, and records them."""

    def __init__(self):
        self.requests: list[dict] = []
        self.subscriptions: dict[str, dict] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", "req_fake")
                self.end_headers()
                self.wfile.write(data)

            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                fake.requests.append(
                    {"method": self.command, "path": self.path, "headers": dict(self.headers), "form": parse_qs(raw)}
                )

            def do_GET(self):
                self._record()
                if self.path.startswith("/v1/subscriptions/"):
                    sub_id = self.path.split("/")[3].split("?")[0]
                    if sub_id in fake.subscriptions:
                        return self._answer(200, fake.subscriptions[sub_id])
                return self._answer(404, {"error": {"type": "invalid_request_error", "message": "No such object"}})

            def do_POST(self):
                self._record()
                if self.path == "/v1/checkout/sessions":
                    n = len(fake.requests)
                    return self._answer(200, {"id": f"cs_test_{n}", "object": "checkout.session", "url": f"https://checkout.stripe.com/c/pay/cs_test_{n}"})
                if self.path == "/v1/billing_portal/sessions":
                    return self._answer(200, {"id": "bps_1", "object": "billing_portal.session", "url": "https://billing.stripe.com/p/session/test_1"})
                return self._answer(404, {"error": {"type": "invalid_request_error", "message": "Unknown path"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_stripe(settings):
    """Live mode (keys set) with the API pointed at a local fake Stripe."""
    fake = FakeStripe()
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = TEST_SECRET
    settings.STRIPE_API_BASE = fake.url
    yield fake
    fake.stop()


@pytest.fixture
def test_mode(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.STRIPE_API_BASE = ""
