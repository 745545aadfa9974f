"""Who else is at a blog's desk: each open desk page (the blog, or a post's
edit page) sends a heartbeat every PRESENCE_HEARTBEAT_SECONDS; anyone not
heard from for PRESENCE_WINDOW_SECONDS is gone. Staff only: it lives behind
the desk's sign-in, never on the public stream.

Changes (someone joined, left, started or stopped editing a post) also go
on the blog's private desk stream (`desk` source, liveblogs/stream.py), so
other desks show them at once; the heartbeat's answer stays the fallback.
The stream's log lives in the shared cache (Redis, or the database's cache
table), never in the blog's event log: presence must not move the blog's
public sequence, page cache or ETag. Each event carries everyone present, so
a desk needs only the latest one, and an expired entry costs nothing."""

import json
import logging
import time
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

import realtime
from liveblogs.models import DeskPresence, LiveBlog, Post

log = logging.getLogger(__name__)

SOURCE = "desk"
PRESENCE_HEARTBEAT_SECONDS = 15
# Two missed heartbeats and a little slack: a closed tab drops off within this.
PRESENCE_WINDOW_SECONDS = 40
MAX_LISTED = 50
# How long the stream's events stay in the cache: long enough for a desk
# that reconnects to resume, and bounded without any clean-up job.
LOG_SECONDS = 600


def touch(*, blog: LiveBlog, user, post: Post | None = None, now: datetime | None = None) -> None:
    """A heartbeat. Also forgets people whose tab went quiet (each goes on the
    stream as "left"), so a vanished tab is noticed by the next heartbeat of
    anyone still there."""
    now = now or timezone.now()
    before = DeskPresence.objects.filter(blog=blog, user=user).values_list("post_id", "seen_at").first()
    DeskPresence.objects.update_or_create(blog=blog, user=user, defaults={"post": post, "seen_at": now})
    post_id = post.pk if post else None
    if before is None or before[1] < now - timedelta(seconds=PRESENCE_WINDOW_SECONDS):
        _announce(blog, "joined", user, post)
    elif before[0] != post_id:
        _announce(blog, "editing" if post_id else "stopped", user, post)
    _forget_quiet(blog, now)


def leave(*, blog: LiveBlog, user) -> None:
    if DeskPresence.objects.filter(blog=blog, user=user).delete()[0]:
        _announce(blog, "left", user, None)


def _forget_quiet(blog: LiveBlog, now: datetime) -> None:
    since = now - timedelta(seconds=PRESENCE_WINDOW_SECONDS)
    quiet = list(DeskPresence.objects.filter(blog=blog, seen_at__lt=since).select_related("user")[:MAX_LISTED])
    for row in quiet:
        # Only the one who deletes the row announces it (two heartbeats may race here).
        if DeskPresence.objects.filter(pk=row.pk, seen_at__lt=since).delete()[0]:
            _announce(blog, "left", row.user, None)


def others(*, blog: LiveBlog, user, now: datetime | None = None) -> list[dict]:
    """Everyone else with this blog open: name, role, and the post they are editing."""
    return [p for p in everyone(blog=blog, now=now) if p["id"] != user.pk]


def everyone(*, blog: LiveBlog, now: datetime | None = None) -> list[dict]:
    since = (now or timezone.now()) - timedelta(seconds=PRESENCE_WINDOW_SECONDS)
    rows = (
        DeskPresence.objects.filter(blog=blog, seen_at__gte=since)
        .select_related("user", "post")
        .order_by("-seen_at")[:MAX_LISTED]
    )
    return [
        {
            "id": row.user_id,
            "name": row.user.byline,
            "role": str(row.user.get_role_display()),
            "editing": {"id": row.post_id, "title": row.post.title or "an update"} if row.post_id else None,
        }
        for row in rows
    ]


# The desk stream's log, in the shared cache ---------------------------------


def _key(slug: str, part) -> str:
    return f"desk-presence:{slug}:{part}"


def head(slug: str) -> realtime.Head:
    """The stream's epoch and seq. The epoch is made when the log is first
    used (or after the cache lost it), so desks connected before a cache
    flush start again instead of waiting for numbers that will not come."""
    values = cache.get_many([_key(slug, "epoch"), _key(slug, "seq")])
    epoch = values.get(_key(slug, "epoch"))
    if epoch is None:
        cache.add(_key(slug, "epoch"), int(time.time()) % 2**31, timeout=None)
        epoch = cache.get(_key(slug, "epoch"), 1)
    return realtime.Head(int(epoch), int(values.get(_key(slug, "seq")) or 0))


def read(slug: str, after: int, limit: int) -> list[realtime.Event]:
    top = head(slug).seq
    seqs = list(range(after + 1, min(top, after + limit) + 1))
    found = cache.get_many([_key(slug, seq) for seq in seqs])
    events = []
    for seq in seqs:
        payload = found.get(_key(slug, seq))
        if payload is None:
            if events:
                break  # keep the run contiguous; the next read carries on
            continue
        events.append(realtime.Event(seq, "presence", payload.encode()))
    return events


def announce_readers(slug: str, readers: int) -> None:
    """How many readers have the blog's live page open now, on the desk
    stream (realtime.audience calls this when a server's count changes)."""
    try:
        seq = _append(slug, json.dumps({"kind": "readers", "readers": readers}, separators=(",", ":")))
    except Exception:
        log.warning("presence: could not record readers for blog %s", slug, exc_info=True)
        return
    realtime.signal(SOURCE, slug, seq)


def send_on_commit(slug: str, payload: dict) -> None:
    """Put `payload` (with its own "kind") on the blog's private desk stream
    once the current transaction commits: how other apps tell open desks of
    a change (community's question inbox). Like presence, a cache that is
    down loses the event, never the change: desks catch up on reload."""

    def send():
        try:
            seq = _append(slug, json.dumps(payload, separators=(",", ":")))
        except Exception:
            log.warning("desk stream: could not record %s for blog %s", payload.get("kind"), slug, exc_info=True)
            return
        realtime.signal(SOURCE, slug, seq)

    transaction.on_commit(send)


def _append(slug: str, payload: str) -> int:
    head(slug)  # makes the epoch if this is the first event
    cache.add(_key(slug, "seq"), 0, timeout=None)
    seq = cache.incr(_key(slug, "seq"))
    cache.set(_key(slug, seq), payload, timeout=LOG_SECONDS)
    return seq


def _announce(blog: LiveBlog, change: str, user, post: Post | None) -> None:
    blog_id, slug = blog.pk, blog.slug
    person = {"id": user.pk, "name": user.byline}
    editing = {"id": post.pk, "title": post.title or "an update"} if post else None

    def send():
        try:
            people = everyone(blog=LiveBlog(pk=blog_id))
            seq = _append(slug, json.dumps(
                {"kind": f"presence.{change}", "person": person, "editing": editing, "people": people},
                separators=(",", ":"),
            ))
        except Exception:  # the cache is down: desks still learn by their heartbeat
            log.warning("presence: could not record %s for blog %s", change, slug, exc_info=True)
            return
        realtime.signal(SOURCE, slug, seq)

    transaction.on_commit(send)
