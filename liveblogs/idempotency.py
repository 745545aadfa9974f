"""One guard against publishing twice, for every way a post is published
with a key: the desk's compose form (its hidden one-time `form_key`) and the
API (the client's `Idempotency-Key` header).

The key is kept in a row of its own (liveblogs.models.PublishKey: person,
key, post), written in the same transaction as the post: it exists if and
only if the post does. The publishing actions (liveblogs.actions.publish_post
and publish_unpublished_post) look it up under the blog's publish lock, so a
second send to the same blog waits for the first one's commit, finds its post
and raises AlreadyPublished instead of publishing again. A send to another
blog holds another lock, so (person, key) is unique in the database: the
second insert waits for the first transaction (PostgreSQL) and is refused
once it commits, and `record` then answers with the first one's post; on
SQLite the write transactions run one at a time, so the look-up finds it.
Remembered for a day per person: far longer than any double click, retry or
outage; a key older than that is forgotten when its person next publishes,
and by the job worker's `prune_expired` (WORKER_SCHEDULERS) for people who
do not publish again."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from liveblogs.models import Post, PublishKey

KEY_HOURS = 24
# How often the job worker's scheduler deletes expired keys (per worker process).
PRUNE_EVERY = timedelta(minutes=10)
_pruned_at = None
# The API's clients choose their keys (their own story id, a UUID…).
MAX_KEY_CHARS = 100


def is_valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_CHARS and key.isprintable()


def _since():
    return timezone.now() - timedelta(hours=KEY_HOURS)


def published_with_key(*, by, key: str) -> Post | None:
    """The post this person published with this key within KEY_HOURS, on
    any blog, if any (the caller compares its blog with the one asked for)."""
    if not key or by is None:
        return None
    found = PublishKey.objects.filter(person=by, key=key, created_at__gte=_since()).select_related("post__blog")
    return found[0].post if found else _kept_by_the_release_before(by=by, key=key)


# Until release after next: the release before this one kept a key in its
# publish's audit entry (changes["form_key"]). Migration 0026 copied the last
# day's, but the old processes keep running (and keep writing there) between
# `migrate` and their restart (docs/operations.md, "Upgrade"), so for a day
# after 0026 applied the look-up reads those entries too: a retry across the
# restart still gets its post back. After that day it costs nothing.
_keys_moved_at = None


def _kept_by_the_release_before(*, by, key: str) -> Post | None:
    global _keys_moved_at
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from liveblogs.models import AuditEntry

    if _keys_moved_at is None:
        applied = MigrationRecorder(connection).migration_qs.filter(app="liveblogs", name="0026_publish_keys")
        _keys_moved_at = applied.values_list("applied", flat=True).first() or timezone.now()
    if timezone.now() - _keys_moved_at > timedelta(hours=KEY_HOURS):
        return None
    entry = (
        AuditEntry.objects.filter(
            actor=by,
            action__in=[AuditEntry.Action.PUBLISH_POST, AuditEntry.Action.APPROVE_POST],
            post__isnull=False,
            created_at__gte=_keys_moved_at,
            changes__form_key=key,
        )
        .select_related("post__blog")
        .order_by("created_at", "id")
        .first()
    )
    return entry.post if entry else None


def record(*, by, key: str, post: Post) -> Post | None:
    """Inside the publishing transaction, once `post` is made: keep the key
    with it. Returns None, or the post an earlier request made with this key
    when the database refuses this one (a send to another blog that
    committed while this one was publishing); the caller then raises, so
    this transaction's post is rolled back."""
    if not key or by is None:
        return None
    # This person's expired keys go, so an old key can be used again.
    PublishKey.objects.filter(person=by, created_at__lt=_since()).delete()
    try:
        with transaction.atomic():
            PublishKey.objects.create(person=by, key=key, post=post)
    except IntegrityError:
        # Refused only once the other transaction committed: its row is
        # visible now (read committed).
        if (earlier := published_with_key(by=by, key=key)) is None:
            raise
        return earlier
    return None


def prune_expired(now=None) -> int:
    """Delete every person's expired keys, at most once per PRUNE_EVERY in
    this process (the job worker's scheduler calls it every few seconds);
    the number deleted."""
    global _pruned_at
    now = now or timezone.now()
    if _pruned_at is not None and now - _pruned_at < PRUNE_EVERY:
        return 0
    _pruned_at = now
    deleted, _ = PublishKey.objects.filter(created_at__lt=now - timedelta(hours=KEY_HOURS)).delete()
    return deleted
