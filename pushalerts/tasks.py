"""Background jobs (django-tasks; the job worker runs them): one alert to a
batch of subscribers, one push each."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from pushalerts import sender
from pushalerts.models import PushAlert, PushSubscription

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Retries wait 30 s, 2 min, 8 min, 32 min: within the alert's TTL (6 h by default).
BACKOFF_SECONDS = 30
MAX_FAILURES = 3  # refusals in a row before a subscription is removed


def backoff(attempt: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 4 ** (attempt - 1))


@task()
def send_push_alert(alert_id: int, subscription_ids: list[int], attempt: int = 1) -> dict:
    """Send alert `alert_id` to each subscription still there; retry the ones
    a push service could not take yet. Returns counts by outcome."""
    counts = {o.value: 0 for o in sender.Outcome}
    alert = PushAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        return counts
    age = (timezone.now() - alert.created_at).total_seconds()
    ttl = int(settings.WEBPUSH_TTL_SECONDS - age)
    if ttl <= 0:
        log.info("push alert %s is older than WEBPUSH_TTL_SECONDS: not sent", alert_id)
        if alert.kind == PushAlert.Kind.BLOG_END:
            PushSubscription.objects.filter(pk__in=subscription_ids).delete()
        return counts
    urgency = "high" if alert.kind == PushAlert.Kind.KEY_EVENT else "normal"
    retry = []
    for sub in PushSubscription.objects.filter(pk__in=subscription_ids).order_by("pk"):
        outcome = sender.send(sub, alert.payload, ttl=ttl, urgency=urgency)
        counts[outcome.value] += 1
        if outcome is sender.Outcome.SENT:
            if sub.failures:
                PushSubscription.objects.filter(pk=sub.pk).update(failures=0)
        elif outcome is sender.Outcome.GONE:
            sub.delete()
        elif outcome is sender.Outcome.REFUSED:
            PushSubscription.objects.filter(pk=sub.pk).update(failures=F("failures") + 1)
            PushSubscription.objects.filter(pk=sub.pk, failures__gte=MAX_FAILURES).delete()
        else:
            retry.append(sub.pk)
            continue
        if alert.kind == PushAlert.Kind.BLOG_END:
            PushSubscription.objects.filter(pk=sub.pk).delete()  # the last alert this blog will send
    if retry and attempt < MAX_ATTEMPTS:
        send_push_alert.using(run_after=timezone.now() + backoff(attempt)).enqueue(alert_id, retry, attempt + 1)
    elif retry:
        log.warning("push alert %s: gave up on %d subscriptions after %d attempts", alert_id, len(retry), attempt)
        if alert.kind == PushAlert.Kind.BLOG_END:
            PushSubscription.objects.filter(pk__in=retry).delete()
    return counts
