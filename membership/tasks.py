"""Background jobs (django-tasks): applying webhook events, and emails."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_tasks import task

from membership import actions
from membership.models import Reminder, StripeEvent, Subscription
from newsline.lib.languages import content_language


def person_language(user):
    """Email to one member is written in their language setting (docs/i18n.md),
    else the site's: a job has no browser to ask."""
    return content_language(getattr(user, "language", "") or settings.LANGUAGE_CODE)


# We answered Stripe 200 already, so Stripe will not resend: when applying an
# event fails (Stripe unreachable for the fetch, a bug), the job tries again
# after 1, 2, 4, 8, 16 and 32 minutes, then leaves it for the admin.
MAX_ATTEMPTS = 7


@task()
def process_stripe_event(event_pk: int) -> None:
    try:
        actions.process_event(event_pk=event_pk)
    except Exception as exc:
        event = StripeEvent.objects.get(pk=event_pk)
        event.attempts += 1
        # Kept on the event row for the admin; the job's own record has the traceback.
        event.error = repr(exc)[:2000]
        event.save(update_fields=["attempts", "error"])
        if event.attempts < MAX_ATTEMPTS:
            later = timezone.now() + timedelta(minutes=2 ** (event.attempts - 1))
            process_stripe_event.using(run_after=later).enqueue(event_pk)
        raise


@task()
def email_payment_failed(subscription_pk: int, event_id: str) -> None:
    sub = Subscription.objects.select_related("user").filter(pk=subscription_pk).first()
    if not sub or not sub.user or not sub.user.email or sub.status != "past_due":
        return
    days = actions.grace_days_left(sub)
    manage = settings.SITE_URL + reverse("membership:account")
    with person_language(sub.user):
        subject = gettext("Your %(newsroom)s Premium payment did not go through") % {
            "newsroom": settings.NEWSROOM_NAME}
        message = ngettext(
            "Hello %(name)s,\n\nWe could not take your latest Premium payment. Your membership carries on for "
            "%(days)d more day while you update your card.\n\n"
            "Update your payment details here: %(url)s\n\n"
            "Thank you for supporting independent journalism.\n%(newsroom)s\n",
            "Hello %(name)s,\n\nWe could not take your latest Premium payment. Your membership carries on for "
            "%(days)d more days while you update your card.\n\n"
            "Update your payment details here: %(url)s\n\n"
            "Thank you for supporting independent journalism.\n%(newsroom)s\n",
            days,
        ) % {"name": sub.user.byline, "days": days, "url": manage, "newsroom": settings.NEWSROOM_NAME}
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[sub.user.email])


@task()
def send_contribution_reminder(reminder_pk: int) -> None:
    reminder = Reminder.objects.select_related("user").filter(pk=reminder_pk, sent_at__isnull=True).first()
    if reminder is None or not reminder.user.email:
        return  # cancelled or replaced since it was queued
    support = settings.SITE_URL + reverse("membership:support")
    with person_language(reminder.user):
        subject = gettext("Your reminder to support %(newsroom)s") % {"newsroom": settings.NEWSROOM_NAME}
        message = gettext(
            "Hello %(name)s,\n\n"
            "You asked us to remind you this month about supporting our journalism. "
            "If you can, you can give here: %(url)s\n\n"
            "If now is not a good time, no need to do anything.\n%(newsroom)s\n"
        ) % {"name": reminder.user.byline, "url": support, "newsroom": settings.NEWSROOM_NAME}
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[reminder.user.email])
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
