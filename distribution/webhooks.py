"""Outbound webhooks: the "webhooks" log consumer and the sender.

The consumer reads each blog's event log from its saved position and, in the
same transaction, writes one WebhookDelivery per event per subscribed
webhook (an outbox): a crash can neither lose an event nor queue it twice
(one delivery per webhook, blog, epoch and seq). After commit each delivery
becomes a `deliver_webhook` job; a failed attempt is retried by a later job
with exponential backoff, and a webhook that keeps failing is switched off
with a notice in the desk.

Each POST is signed (docs/api.md, "Webhooks"):

    X-Newsline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from distribution.models import LogConsumer, Webhook, WebhookDelivery
from liveblogs.models import BlogEvent, LiveBlog

log = logging.getLogger(__name__)

NAME = "webhooks"
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 8
# Retries wait BACKOFF_BASE_SECONDS × 2^(attempt-1): 30 s, 1 min, 2 min … about 1 h for the 8th.
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 6 * 3600
# A webhook is switched off after this many failed attempts in a row.
DISABLE_AFTER_FAILURES = 20
SIGNATURE_HEADER = "X-Newsline-Signature"
# How a reason written by the sender begins (the desk notice looks for it).
FAILURE_REASON_PREFIX = "Switched off after"
USER_AGENT = "Newsline-Webhooks/1"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, *, tolerance: int = 300, now: int | None = None) -> bool:
    """What a receiver does (and the tests): check the MAC and the age."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or int(time.time())) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")


def _hooks_for(blog: LiveBlog):
    return Webhook.objects.filter(Q(blog=blog) | Q(blog__isnull=True), is_active=True)


def _body(blog: LiveBlog, event: BlogEvent) -> str:
    data = json.loads(event.payload)
    return json.dumps(
        {
            "id": f"{blog.pk}-{blog.epoch}-{event.seq}",
            "event": event.kind,
            "created_at": event.created_at.isoformat(),
            "blog": {"slug": blog.slug, "headline": blog.headline, "status": blog.status, "url": blog.absolute_url},
            "seq": event.seq,
            "epoch": blog.epoch,
            # The same object readers get from /live/<slug>/updates.
            "data": data,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


class WebhookConsumer:
    name = NAME
    positions = LogConsumer

    def idle(self) -> bool:
        """No webhook is on: no job after each event (the position catches
        up later; events older than a webhook are never owed to it)."""
        return not Webhook.objects.filter(is_active=True).exists()

    def start(self, blog, previous):
        if previous is not None:
            # A new epoch (a legal takedown rewrote earlier events, or the log
            # was restored): what was sent stays sent; go on from where we
            # were, never past the head.
            return min(previous, blog.head_seq)
        # Only events after the oldest webhook's registration can be owed to
        # anyone; begin just before them (or at the head if there is none).
        oldest = _hooks_for(blog).aggregate(at=Min("created_at"))["at"]
        if oldest is None:
            return blog.head_seq
        before = (
            BlogEvent.objects.filter(blog=blog, created_at__lt=oldest)
            .order_by("-seq")
            .values_list("seq", flat=True)
            .first()
        )
        return before or 0

    def handle(self, blog, events):
        hooks = list(_hooks_for(blog))
        if not hooks or blog.status == LiveBlog.Status.DRAFT:
            return  # nothing is sent about a blog readers cannot see
        rows = []
        for event in events:
            body = None
            for hook in hooks:
                if hook.wants(event.kind) and event.created_at >= hook.created_at:
                    body = body or _body(blog, event)
                    rows.append(WebhookDelivery(
                        webhook=hook, blog=blog, epoch=blog.epoch, seq=event.seq, event=event.kind, body=body,
                    ))
        created = WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            WebhookDelivery.objects.filter(
                blog=blog, epoch=blog.epoch, seq__in=[r.seq for r in created], status=WebhookDelivery.Status.PENDING,
                attempts=0,
            ).order_by("seq", "pk").values_list("pk", flat=True)
        ) if created else []
        if ids:
            transaction.on_commit(lambda: _enqueue(ids))


def _enqueue(ids, run_after=None):
    from distribution.tasks import deliver_webhook

    for delivery_id in ids:
        (deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook).enqueue(delivery_id)


PING = "ping"


def ping_body(hook: Webhook, *, by) -> str:
    """A test event's body: shaped like every other event, with no blog and
    no seq, so a receiver can tell it apart by `event` alone."""
    now = timezone.now()
    return json.dumps(
        {
            "id": f"ping-{hook.pk}-{secrets.token_hex(6)}",
            "event": PING,
            "created_at": now.isoformat(),
            "blog": None,
            "seq": None,
            "epoch": None,
            "data": {
                "message": "A test event sent from the Newsline desk. Nothing happened to any blog.",
                "webhook": {"id": hook.pk, "events": hook.events},
                "sent_by": by.byline if by is not None else "",
            },
        },
        separators=(",", ":"),
        ensure_ascii=False,
    )


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS))


def _private_address(url: str) -> str:
    """The address, if `url`'s host resolves to a loopback, private, link-local
    or otherwise internal one: webhooks must not reach into the newsroom's own
    network (cloud metadata, the database, admin ports). Checked at each
    attempt, not only on save, so a DNS change cannot slip one through."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return ""  # the request itself will fail and say why
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            return str(address)
    return ""


def allow_private_networks() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False))


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str]:
    if not allow_private_networks():
        private = _private_address(url)
        if private:
            return None, f"Refused: {private} is a private or local address (WEBHOOKS_ALLOW_PRIVATE_NETWORKS)."
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        # Redirects are not followed for POST by urllib; a 3xx counts as a failure.
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (http/https only, checked on save)
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, str(reason)[:300] or exc.__class__.__name__


def deliver(delivery_id: int) -> str:
    """One attempt. Returns the delivery's status afterwards."""
    delivery = WebhookDelivery.objects.select_related("webhook").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED):
        return delivery.status if delivery else "missing"
    hook = delivery.webhook
    # A test event goes out even to a webhook that is off: it is how an
    # editor checks an endpoint is back before switching it on again.
    if not hook.is_active and not delivery.is_test:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=WebhookDelivery.Status.SKIPPED)
        return WebhookDelivery.Status.SKIPPED
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Newsline-Event": delivery.event,
        "X-Newsline-Delivery": str(delivery.pk),
        "X-Newsline-Timestamp": str(timestamp),
        SIGNATURE_HEADER: sign(hook.secret, timestamp, body),
    }
    started = time.monotonic()
    code, error = _post(hook.url, body, headers)
    elapsed_ms = int((time.monotonic() - started) * 1000)
    ok = code is not None and 200 <= code < 300
    now = timezone.now()
    attempts = delivery.attempts + 1
    fields = {"attempts": attempts, "last_status_code": code, "last_response_ms": elapsed_ms, "last_error": error}
    if ok:
        fields.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif delivery.is_test:
        # One attempt: the editor is watching for the answer and can press
        # again; a test neither retries nor counts towards switching off.
        fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        return fields["status"]
    elif attempts >= MAX_ATTEMPTS:
        fields.update(status=WebhookDelivery.Status.FAILED, next_attempt_at=None)
    else:
        fields.update(status=WebhookDelivery.Status.RETRYING, next_attempt_at=now + backoff(attempts))
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
        if ok:
            Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=0)
        else:
            Webhook.objects.filter(pk=hook.pk).update(consecutive_failures=F("consecutive_failures") + 1)
            failures = Webhook.objects.values_list("consecutive_failures", flat=True).get(pk=hook.pk)
            if failures >= DISABLE_AFTER_FAILURES and hook.is_active:
                Webhook.objects.filter(pk=hook.pk).update(
                    is_active=False,
                    disabled_at=now,
                    disabled_reason=(
                        f"{FAILURE_REASON_PREFIX} {failures} failed deliveries in a row (last: {error or code})."
                    ),
                )
                log.warning("webhooks: %s switched off after %d failures", hook.url, failures)
        if fields["status"] == WebhookDelivery.Status.RETRYING:
            transaction.on_commit(lambda: _enqueue([delivery.pk], run_after=fields["next_attempt_at"]))
    return fields["status"]


def allowed_url(url: str) -> bool:
    """http(s) only; and https only on an https site, unless testing or DEBUG."""
    if url.startswith("https://"):
        return True
    return url.startswith("http://") and (settings.DEBUG or getattr(settings, "TESTING", False) or not settings.SITE_URL.startswith("https://"))
