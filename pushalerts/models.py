"""Web Push alerts: who asked for them, the alerts sent, and how far the
alerts consumer has read each blog's log.

A subscription holds what a browser's push service gave it (the endpoint, a
capability URL, and the keys to encrypt for it) and which alerts it wants;
nothing else about the reader (no account, no address)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liveblogs.models import LiveBlog
from realtime import eventlog


class PushSubscription(models.Model):
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField(max_length=1000)
    p256dh = models.CharField(max_length=200)  # the browser's public key (base64url)
    auth = models.CharField(max_length=100)  # the browser's auth secret (base64url)
    key_events = models.BooleanField(default=True)
    blog_end = models.BooleanField(default=True)
    # The blog's head when the reader opted in: nothing before it is ever sent.
    since_seq = models.PositiveBigIntegerField(default=0)
    # Refusals in a row that a retry cannot cure (400, 403, 413): removed at MAX_FAILURES.
    failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        constraints = [models.UniqueConstraint(fields=["endpoint", "blog"], name="push_once_per_blog")]

    def __str__(self):
        return f"Push to {self.endpoint[:40]}… for {self.blog_id}"

    def info(self) -> dict:
        """What pywebpush calls subscription_info."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushAlert(models.Model):
    """One alert about one blog (a key event, or its end), sent to every
    subscriber who wants it. At most one per key-event post, however often
    the post is edited or marked again; one per ending (a reopened blog may
    end again)."""

    class Kind(models.TextChoices):
        KEY_EVENT = "key_event", _("Key event")
        BLOG_END = "blog_end", _("Live blog ended")

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    post_id = models.PositiveBigIntegerField(default=0)  # the key event's post; 0 for the blog's end
    seq = models.PositiveBigIntegerField()
    payload = models.TextField()  # the JSON the service worker shows, encrypted per subscriber
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("push alert")
        verbose_name_plural = _("push alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["blog", "post_id"], condition=models.Q(kind="key_event"), name="push_key_event_once"
            ),
        ]


class LogPosition(eventlog.LogPosition):
    """How far the push alerts (pushalerts.consumer) have read one blog's log."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("push alerts log position")
        verbose_name_plural = _("push alerts log positions")
        constraints = [models.UniqueConstraint(fields=["name", "blog"], name="pushalerts_one_position_per_blog")]
