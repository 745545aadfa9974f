"""One guard against publishing twice, for every way a post is published
with a key: the desk's compose form (its hidden one-time `form_key`) and the
API (the client's `Idempotency-Key` header).

The key is kept in the publish's audit entry (`changes["form_key"]`, not a
before/after pair, so the audit log does not show it), written in the same
transaction as the post: it exists if and only if the post does. The
publishing actions (liveblogs.actions.publish_post and
publish_unpublished_post) look it up under the blog's publish lock, so a
second send arriving with the first waits for its commit, finds its post and
raises AlreadyPublished instead of publishing again. Remembered for a day per
person: far longer than any double click, retry or outage."""

from datetime import timedelta

from django.utils import timezone

from liveblogs.models import AuditEntry, LiveBlog, Post

KEY_HOURS = 24
# The API's clients choose their keys (their own story id, a UUID…).
MAX_KEY_CHARS = 100
PUBLISHING = (AuditEntry.Action.PUBLISH_POST, AuditEntry.Action.APPROVE_POST)


def is_valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_CHARS and key.isprintable()


def published_with_key(*, by, key: str, blog: LiveBlog | None = None) -> Post | None:
    """The post this person published with this key within KEY_HOURS (on
    `blog`, or on any blog when None), if any."""
    if not key or by is None:
        return None
    entries = AuditEntry.objects.filter(
        actor=by, action__in=PUBLISHING, changes__form_key=key,
        created_at__gte=timezone.now() - timedelta(hours=KEY_HOURS),
    )
    if blog is not None:
        entries = entries.filter(blog=blog)
    post_id = entries.values_list("post_id", flat=True).first()
    return Post.objects.select_related("blog").filter(pk=post_id).first() if post_id else None


def with_key(changes: dict, key: str) -> dict:
    """A publish's audit changes, carrying its key when it has one."""
    return {**changes, "form_key": key} if key else changes
