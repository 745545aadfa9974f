"""Key-event alerts: a consumer of the blogs' event log (liveblogs.consumers)
that notifies the readers who follow a blog when one of its posts is
published as, or marked, a key event. It reads each blog's log from its own
saved position, so a missed run loses nothing; each (reader, post) is
notified once. Alerts are about what happens after the first reader follows
a blog (`start_at_the_end`), never its past."""

import json

from community.models import BlogFollow, LogPosition, Notification
from liveblogs.consumers import BLOG_LOG

NAME = "key_events"
KINDS = ("post.published", "post.updated", "post.restored")


class KeyEventConsumer:
    name = NAME
    positions = LogPosition

    def __init__(self):
        self.created = 0  # notifications made by this process, for process()

    def idle(self) -> bool:
        """Nobody follows any blog: no job after each event."""
        return not BlogFollow.objects.exists()

    def start(self, blog, previous):
        # A blog no one followed when it was last read, or a log rewritten or
        # restored: alert from now on.
        return blog.head_seq

    def handle(self, blog, events):
        from community.actions import _email_later

        followers = None
        for event in events:
            if event.kind not in KINDS:
                continue
            post = json.loads(event.payload).get("post") or {}
            if not post.get("key_event"):
                continue
            if followers is None:
                followers = list(BlogFollow.objects.filter(blog=blog).select_related("user"))
            for follow in followers:
                note, created = Notification.objects.get_or_create(
                    recipient=follow.user, kind=Notification.Kind.KEY_EVENT, post_id=post["id"],
                    defaults={"blog_id": blog.pk, "title": (post.get("title") or "")[:300]},
                )
                if created:
                    _email_later(note)
                    self.created += 1


CONSUMER = KeyEventConsumer()


def process() -> int:
    """Read every followed blog's log to its head; returns notifications created."""
    before = CONSUMER.created
    BLOG_LOG.catch_up(CONSUMER)
    return CONSUMER.created - before


def start_at_the_end(blog) -> None:
    """Someone follows `blog`: alerts start from its head now, not its past
    (a blog already read keeps its place)."""
    LogPosition.objects.get_or_create(
        name=NAME, blog=blog, defaults={"epoch": blog.epoch, "last_seq": blog.head_seq}
    )


def pending() -> bool:
    return BLOG_LOG.behind(CONSUMER).filter(pk__in=BlogFollow.objects.values("blog_id")).exists()
