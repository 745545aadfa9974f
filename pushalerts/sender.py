"""Sending one push: the only module that talks to pywebpush (house rule:
each third-party SDK behind one module).

The payload is encrypted for the subscriber's browser (aes128gcm, RFC 8291)
and signed with the newsroom's VAPID key (RFC 8292); the push service answers
201 when it has it. 404 and 410 mean the subscription is gone for good."""

import enum
import logging

import requests
from django.conf import settings
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from pushalerts import vapid
from pushalerts.actions import endpoint_problem
from pushalerts.models import PushSubscription

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


class Outcome(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # 404/410: the browser unsubscribed or the subscription expired
    RETRY = "retry"  # the service is busy or away (429, 5xx, no answer): try later
    REFUSED = "refused"  # the service will not take it (400, 403, 413…): trying again will not help


def send(subscription: PushSubscription, payload: str, *, ttl: int, urgency: str = "normal") -> Outcome:
    keys = vapid.keys()
    if keys is None:
        return Outcome.RETRY
    if problem := endpoint_problem(subscription.endpoint):
        # WEBPUSH_PUSH_SERVICES changed since it was stored.
        log.warning("push not sent to subscription %s: %s", subscription.pk, problem)
        return Outcome.REFUSED
    try:
        webpush(
            subscription.info(), data=payload, vapid_private_key=Vapid.from_string(keys.private),
            # A fresh dict each time: pywebpush writes the endpoint's origin ("aud") into it.
            vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT}, ttl=ttl, timeout=TIMEOUT_SECONDS,
            headers={"Urgency": urgency},
        )
    except WebPushException as exc:
        status = exc.status_code
        if status in (404, 410):
            return Outcome.GONE
        if status is None or status == 429 or status >= 500:
            log.info("push to subscription %s not taken (%s): will retry", subscription.pk, status)
            return Outcome.RETRY
        log.warning("push to subscription %s refused: HTTP %s", subscription.pk, status)
        return Outcome.REFUSED
    except requests.RequestException as exc:
        log.info("push to subscription %s failed (%s): will retry", subscription.pk, type(exc).__name__)
        return Outcome.RETRY
    return Outcome.SENT
