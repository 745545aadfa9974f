"""Writes to distribution's own rows that people make: API tokens, webhooks.
Keyword-only, verb-first, as in liveblogs.actions."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from distribution.models import ApiToken

TOKEN_PREFIX = "nl_"
MAX_ACTIVE_TOKENS = 20


class ActionError(Exception):
    """A request that cannot be carried out; the message is for the user."""


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(*, user, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """Returns the token and its secret, which is never shown again."""
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ActionError(gettext("Give the token a name, so you know later what uses it."))
    valid = [s for s in ApiToken.Scope.values if s in scopes]
    if not valid:
        raise ActionError(gettext("Choose at least one scope."))
    with transaction.atomic():
        if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
            raise ActionError(
                gettext("You have %(n)d active tokens; revoke one before creating another.") % {"n": MAX_ACTIVE_TOKENS}
            )
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], digest=token_digest(raw), scopes=valid
        )
    return token, raw


def revoke_api_token(*, token: ApiToken, by) -> ApiToken:
    if token.user_id != by.pk:
        raise ActionError(gettext("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def find_api_token(raw: str) -> ApiToken | None:
    """The active token with this secret, or None."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token, not one per request.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# Webhooks ---------------------------------------------------------------------

MAX_WEBHOOKS = 50


def create_webhook(*, by, url: str, events: list[str], blog=None):
    from distribution import webhooks
    from distribution.models import Webhook

    url = (url or "").strip()
    if not webhooks.allowed_url(url):
        raise ActionError(gettext("Use an https:// address for the webhook."))
    chosen = [kind for kind, _ in Webhook.EVENTS if kind in events]
    if not chosen:
        raise ActionError(gettext("Choose at least one event to send."))
    if Webhook.objects.count() >= MAX_WEBHOOKS:
        raise ActionError(gettext("There are already %(n)d webhooks; remove one first.") % {"n": MAX_WEBHOOKS})
    return Webhook.objects.create(blog=blog, url=url, events=chosen, secret=webhooks.new_secret(), created_by=by)


def set_webhook_active(*, webhook, by, active: bool):
    """Switching one back on clears its failure count; what failed while it
    was off is not sent again."""
    webhook.is_active = active
    fields = ["is_active"]
    if active:
        webhook.consecutive_failures, webhook.disabled_at, webhook.disabled_reason = 0, None, ""
        fields += ["consecutive_failures", "disabled_at", "disabled_reason"]
    else:
        webhook.disabled_at, webhook.disabled_reason = timezone.now(), gettext("Switched off by %(name)s.") % {
            "name": by.byline}
        fields += ["disabled_at", "disabled_reason"]
    webhook.save(update_fields=fields)
    return webhook


def delete_webhook(*, webhook, by) -> None:
    webhook.delete()


def send_test_event(*, webhook, by):
    """Queue a signed `ping` to `webhook` through the normal sender (one job,
    one attempt): the desk shows how it went."""
    from distribution import webhooks
    from distribution.models import WebhookDelivery

    delivery = WebhookDelivery.objects.create(
        webhook=webhook, blog=None, epoch=0, seq=0, event=webhooks.PING, body=webhooks.ping_body(webhook, by=by),
    )
    transaction.on_commit(lambda: webhooks._enqueue([delivery.pk]))
    return delivery
