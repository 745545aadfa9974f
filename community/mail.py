"""Notification email: who gets what, when, and the signed one-click
unsubscribe link (RFC 8058: List-Unsubscribe with a POST)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from community.models import EmailPreference

SALT = "community.unsubscribe"


def language_for(user, notification=None) -> str:
    """The language of an email to `user`: their Language setting; else, for
    one notification about one blog, the blog's (the page it links to speaks
    it); else the site's. A job has no browser to ask."""
    if getattr(user, "language", ""):
        return user.language
    blog = None
    if notification is not None:
        blog = notification.blog if notification.blog_id else (
            notification.comment.blog if notification.comment_id else None)
    return blog.language if blog is not None else settings.LANGUAGE_CODE


def delivery_for(user, kind: str) -> str:
    chosen = EmailPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or EmailPreference.DEFAULTS.get(kind, EmailPreference.Delivery.OFF)


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("k")


def unsubscribe_url(user, kind: str) -> str:
    return settings.SITE_URL + reverse("community:unsubscribe", args=[unsubscribe_token(user, kind)])


def send(user, *, subject: str, kind: str, notifications: list) -> None:
    """One email to `user` about `notifications` (one, or a digest of many)."""
    if not user.email:
        return
    context = {
        "user": user,
        "notifications": notifications,
        "site_url": settings.SITE_URL,
        "notifications_url": settings.SITE_URL + reverse("community:notifications"),
        "unsubscribe_url": unsubscribe_url(user, kind),
        "kind_label": dict(EmailPreference._meta.get_field("kind").choices).get(kind, kind),
    }
    text = render_to_string("community/email/notifications.txt", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
