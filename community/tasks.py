"""Background jobs (django-tasks): notification email, now or as a digest."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from community import mail
from community.models import EmailPreference, Notification
from newsline.lib.languages import content_language


@task()
def send_notification_email(notification_id: int) -> bool:
    note = (
        Notification.objects.select_related("recipient", "actor", "comment__blog", "blog")
        .filter(pk=notification_id, emailed_at=None)
        .first()
    )
    if note is None or mail.delivery_for(note.recipient, note.kind) != EmailPreference.Delivery.IMMEDIATE:
        return False
    with content_language(mail.language_for(note.recipient, note)):
        mail.send(note.recipient, subject=note.text, kind=note.kind, notifications=[note])
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return True


def _digests(delivery: str, since) -> int:
    """One email per reader with unread, un-emailed notifications of the
    kinds they take as this digest. Returns emails sent."""
    pending = (
        Notification.objects.filter(read_at=None, emailed_at=None, updated_at__gte=since)
        .select_related("recipient", "actor", "comment__blog", "blog")
        .order_by("recipient_id", "-updated_at")
    )
    by_user: dict[int, list] = {}
    for note in pending:
        if mail.delivery_for(note.recipient, note.kind) == delivery:
            by_user.setdefault(note.recipient_id, []).append(note)
    for notes in by_user.values():
        user = notes[0].recipient
        count = len(notes)
        with content_language(mail.language_for(user)):  # a digest is about many blogs: the person's or the site's
            subject = ngettext("%(count)d new notification from the comments",
                               "%(count)d new notifications from the comments", count) % {"count": count}
            mail.send(user, subject=subject, kind=notes[0].kind, notifications=notes[:50])
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
    return len(by_user)


@task()
def send_daily_digests() -> int:
    return _digests(EmailPreference.Delivery.DAILY, timezone.now() - timedelta(days=1))


@task()
def send_hourly_digests() -> int:
    # Two hours back, so a late run misses nothing; emailed_at stops repeats.
    return _digests(EmailPreference.Delivery.HOURLY, timezone.now() - timedelta(hours=2))


@task()
def notify_key_events() -> int:
    """Key-event alerts from the blogs' event log (community/keyevents.py)."""
    from community import keyevents

    total = 0
    while True:
        created = keyevents.process()
        total += created
        if not created and not keyevents.pending():
            return total
