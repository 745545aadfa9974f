"""Who else is at a blog's desk: each open desk page (the blog, or a post's
edit page) sends a heartbeat every PRESENCE_HEARTBEAT_SECONDS; anyone not
heard from for PRESENCE_WINDOW_SECONDS is gone. Staff only: it lives behind
the desk's sign-in, never on the public stream."""

from datetime import datetime, timedelta

from django.utils import timezone

from liveblogs.models import DeskPresence, LiveBlog, Post

PRESENCE_HEARTBEAT_SECONDS = 15
# Two missed heartbeats and a little slack: a closed tab drops off within this.
PRESENCE_WINDOW_SECONDS = 40
MAX_LISTED = 50


def touch(*, blog: LiveBlog, user, post: Post | None = None, now: datetime | None = None) -> None:
    DeskPresence.objects.update_or_create(
        blog=blog, user=user, defaults={"post": post, "seen_at": now or timezone.now()}
    )


def leave(*, blog: LiveBlog, user) -> None:
    DeskPresence.objects.filter(blog=blog, user=user).delete()


def others(*, blog: LiveBlog, user, now: datetime | None = None) -> list[dict]:
    """Everyone else with this blog open: name, role, and the post they are editing."""
    since = (now or timezone.now()) - timedelta(seconds=PRESENCE_WINDOW_SECONDS)
    rows = (
        DeskPresence.objects.filter(blog=blog, seen_at__gte=since)
        .exclude(user=user)
        .select_related("user", "post")
        .order_by("-seen_at")[:MAX_LISTED]
    )
    return [
        {
            "name": row.user.byline,
            "role": row.user.get_role_display(),
            "editing": {"id": row.post_id, "title": row.post.title or "an update"} if row.post_id else None,
        }
        for row in rows
    ]
