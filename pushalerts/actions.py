"""Readers opting in to and out of a blog's push alerts."""

import base64
import binascii
import fnmatch
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from liveblogs.models import LiveBlog
from pushalerts.models import LogPosition, PushSubscription

CONSUMER_NAME = "push_alerts"


class SubscriptionError(ValueError):
    """Why a subscription was refused, in words for the reader."""


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def endpoint_problem(endpoint: str) -> str:
    """Why we will not send to `endpoint` ("" if we will). Only the push
    services named in WEBPUSH_PUSH_SERVICES: an endpoint is a URL our server
    POSTs to, and a reader must not be able to aim it at anything else."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > 1000:
        return _("The browser gave no usable push address.")
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (a bad port raises)
    except ValueError:
        return _("The browser gave no usable push address.")
    if settings.WEBPUSH_ALLOW_LOOPBACK and host == "127.0.0.1" and parts.scheme in ("http", "https"):
        return ""
    if parts.scheme != "https" or parts.username or parts.password:
        return _("Push addresses must start with https://.")
    if not any(host == p or (p.startswith("*.") and fnmatch.fnmatch(host, p)) for p in settings.WEBPUSH_PUSH_SERVICES):
        return _("This browser's push service is not one we send alerts through.")
    return ""


@dataclass
class Subscription:
    endpoint: str
    p256dh: str
    auth: str

    @classmethod
    def from_browser(cls, data) -> "Subscription":
        """From PushSubscription.toJSON(): {"endpoint", "keys": {"p256dh", "auth"}}."""
        if not isinstance(data, dict):
            raise SubscriptionError(_("The browser gave no subscription."))
        endpoint = data.get("endpoint")
        problem = endpoint_problem(endpoint)
        if problem:
            raise SubscriptionError(problem)
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        p256dh, auth = keys.get("p256dh"), keys.get("auth")
        try:
            ok = (
                isinstance(p256dh, str) and isinstance(auth, str)
                and len(p256dh) < 200 and len(auth) < 100
                and len(key := _b64decode(p256dh)) == 65 and key[0] == 4
                and len(_b64decode(auth)) == 16
            )
        except (binascii.Error, ValueError):
            ok = False
        if not ok:
            raise SubscriptionError(_("The browser's subscription keys are not valid."))
        return cls(endpoint=endpoint, p256dh=p256dh, auth=auth)


def start_at_the_end(blog: LiveBlog) -> None:
    """Alerts start from the blog's head now, never its past (a blog already
    read keeps its place)."""
    LogPosition.objects.get_or_create(
        name=CONSUMER_NAME, blog=blog, defaults={"epoch": blog.epoch, "last_seq": blog.head_seq}
    )


def subscribe(*, blog: LiveBlog, subscription: Subscription, key_events: bool = True, blog_end: bool = True
              ) -> PushSubscription:
    """Opt this browser in to `blog`'s alerts (again: its choice and keys are
    updated, its start kept)."""
    if not (key_events or blog_end):
        raise SubscriptionError(_("Choose key events, the end of the live blog, or both."))
    with transaction.atomic():
        blog = LiveBlog.objects.get(pk=blog.pk)
        if blog.status != LiveBlog.Status.LIVE:
            raise SubscriptionError(_("This live blog is not live, so there are no alerts to get."))
        start_at_the_end(blog)
        sub, _created = PushSubscription.objects.update_or_create(
            endpoint=subscription.endpoint, blog=blog,
            defaults={"p256dh": subscription.p256dh, "auth": subscription.auth, "key_events": key_events,
                      "blog_end": blog_end, "failures": 0},
            create_defaults={"p256dh": subscription.p256dh, "auth": subscription.auth, "key_events": key_events,
                             "blog_end": blog_end, "since_seq": blog.head_seq},
        )
    return sub


def unsubscribe(*, blog: LiveBlog, endpoint: str) -> bool:
    """Stop `blog`'s alerts to this browser; True if it had them."""
    deleted, _rows = PushSubscription.objects.filter(blog=blog, endpoint=endpoint).delete()
    return deleted > 0


def is_subscribed(*, blog: LiveBlog, endpoint: str) -> bool:
    return PushSubscription.objects.filter(blog=blog, endpoint=endpoint).exists()
