"""Key-event alerts: read the blogs' event log (liveblogs.BlogEvent) from our
own position, and notify the readers who follow a blog when one of its posts
is published as, or marked, a key event. The log is the source of truth, so a
missed run loses nothing; each (reader, post) is notified once."""

import json

from django.db import transaction

from community.models import BlogFollow, LogPosition, Notification
from liveblogs.models import BlogEvent

POSITION = "key_events"
KINDS = ("post.published", "post.updated", "post.restored")


def process(limit: int = 500) -> int:
    """Handle up to `limit` new log events; returns notifications created."""
    from community.actions import _email_later

    created = 0
    with transaction.atomic():
        position, _ = LogPosition.objects.select_for_update().get_or_create(name=POSITION)
        events = list(
            BlogEvent.objects.filter(pk__gt=position.last_event_id).order_by("pk")
            .values_list("pk", "blog_id", "kind", "payload")[:limit]
        )
        for pk, blog_id, kind, payload in events:
            if kind not in KINDS:
                continue
            post = json.loads(payload).get("post") or {}
            if not post.get("key_event"):
                continue
            for follow in BlogFollow.objects.filter(blog_id=blog_id).select_related("user"):
                if Notification.objects.filter(recipient=follow.user, kind=Notification.Kind.KEY_EVENT,
                                               post_id=post["id"]).exists():
                    continue
                note = Notification.objects.create(
                    recipient=follow.user, kind=Notification.Kind.KEY_EVENT, blog_id=blog_id,
                    post_id=post["id"], title=(post.get("title") or "")[:300],
                )
                _email_later(note)
                created += 1
        if events:
            position.last_event_id = events[-1][0]
            position.save(update_fields=["last_event_id"])
    return created


def start_at_the_end() -> None:
    """A new installation alerts about what happens from now on, not the past."""
    last = BlogEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    LogPosition.objects.get_or_create(name=POSITION, defaults={"last_event_id": last})


def pending() -> bool:
    position = LogPosition.objects.filter(name=POSITION).values_list("last_event_id", flat=True).first() or 0
    return BlogEvent.objects.filter(pk__gt=position).exists()
