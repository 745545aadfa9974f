"""Every reader-visible write to a live blog. Each action, in one transaction,
changes the rows and appends events to the blog's log under the blog's row
lock; readers are woken only after commit."""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

import realtime
from liveblogs.events import Kind, encode
from liveblogs.models import BlogEvent, LiveBlog, Post, Topic
from liveblogs.richtext import sanitise_body

STREAM_SOURCE = "liveblog"


class ActionError(Exception):
    """A request the newsroom cannot carry out; the message is for the user."""


@dataclass
class _Log:
    blog: LiveBlog
    pending: list = field(default_factory=list)

    def append(self, kind: str, *, post: Post | None = None, post_id: int | None = None, with_blog: bool = False):
        seq = self.blog.head_seq + len(self.pending) + 1
        pid = post.pk if post is not None else post_id
        payload = encode(seq=seq, kind=kind, post=post, post_id=post_id, blog=self.blog if with_blog else None)
        self.pending.append(BlogEvent(blog=self.blog, seq=seq, kind=kind, post_id_ref=pid, payload=payload))


@contextmanager
def _logged_change(blog_id: int):
    """Lock the blog, let the caller change rows and append events, then
    write the events and the new head in the same transaction."""
    with transaction.atomic():
        # A row lock on PostgreSQL; on SQLite the IMMEDIATE transaction
        # already holds the database's write lock.
        blog = LiveBlog.objects.select_for_update().get(pk=blog_id)
        log = _Log(blog)
        yield log
        if log.pending:
            now = timezone.now()
            BlogEvent.objects.bulk_create(log.pending)
            blog.head_seq = log.pending[-1].seq
            blog.last_activity_at = now
            blog.save(update_fields=["head_seq", "last_activity_at"])
            slug, head = blog.slug, blog.head_seq
            transaction.on_commit(lambda: realtime.signal(STREAM_SOURCE, slug, head))


def _reload(post_id: int) -> Post:
    return Post.objects.select_related("blog").prefetch_related("authors").get(pk=post_id)


# Blogs ---------------------------------------------------------------------


def create_blog(*, by, headline: str, slug: str, standfirst: str = "", topics: list[str] | None = None) -> LiveBlog:
    if LiveBlog.objects.filter(slug=slug).exists():
        raise ActionError(f"A live blog with the address “{slug}” already exists. Choose another.")
    with transaction.atomic():
        blog = LiveBlog.objects.create(headline=headline, slug=slug, standfirst=standfirst, created_by=by)
        if topics:
            blog.topics.set(_topics(topics))
    return blog


def update_blog(*, blog: LiveBlog, by, headline: str, standfirst: str, topics: list[str]) -> LiveBlog:
    with _logged_change(blog.pk) as log:
        b = log.blog
        changed = (b.headline, b.standfirst) != (headline, standfirst)
        b.headline, b.standfirst = headline, standfirst
        b.save(update_fields=["headline", "standfirst"])
        b.topics.set(_topics(topics))
        if changed and b.status != LiveBlog.Status.DRAFT:
            # Open pages and cached copies must show the new headline too.
            log.append(Kind.BLOG_UPDATED, with_blog=True)
    blog.refresh_from_db()
    return blog


def _topics(names: list[str]) -> list[Topic]:
    from django.utils.text import slugify

    out = []
    for name in names:
        name = name.strip()
        if name:
            topic, _ = Topic.objects.get_or_create(slug=slugify(name)[:60] or "topic", defaults={"name": name[:60]})
            out.append(topic)
    return out


def open_blog(*, blog: LiveBlog, by) -> LiveBlog:
    with _logged_change(blog.pk) as log:
        b = log.blog
        if b.status == LiveBlog.Status.LIVE:
            return b
        b.status = LiveBlog.Status.LIVE
        b.opened_at = b.opened_at or timezone.now()
        b.closed_at = None
        b.save(update_fields=["status", "opened_at", "closed_at"])
        log.append(Kind.BLOG_OPENED, with_blog=True)
    return log.blog


def close_blog(*, blog: LiveBlog, by) -> LiveBlog:
    with _logged_change(blog.pk) as log:
        b = log.blog
        if b.status != LiveBlog.Status.LIVE:
            raise ActionError("Only a live blog can be closed.")
        b.status = LiveBlog.Status.ENDED
        b.closed_at = timezone.now()
        b.save(update_fields=["status", "closed_at"])
        log.append(Kind.BLOG_CLOSED, with_blog=True)
    return log.blog


# Posts ---------------------------------------------------------------------


@dataclass
class PostContent:
    headline: str = ""
    body: str = ""
    label: str = ""
    kind: str = Post.Kind.UPDATE
    article_url: str = ""
    article_author: str = ""
    article_headline: str = ""
    article_standfirst: str = ""

    def cleaned(self) -> dict:
        data = {k: (v or "").strip() for k, v in self.__dict__.items()}
        data["body"] = sanitise_body(self.body)
        if data["kind"] != Post.Kind.ARTICLE:
            for k in ("article_url", "article_author", "article_headline", "article_standfirst"):
                data[k] = ""
        return data


def _unpin_others(log: _Log, keep_id: int | None):
    for other in Post.objects.filter(blog_id=log.blog.pk, is_pinned=True).exclude(pk=keep_id):
        Post.objects.filter(pk=other.pk).update(is_pinned=False)
        log.append(Kind.POST_UNPINNED, post=_reload(other.pk))


def publish_post(
    *,
    blog: LiveBlog,
    by,
    content: PostContent,
    is_key_event: bool = False,
    is_pinned: bool = False,
    authors=None,
    at=None,
) -> Post:
    """Publish a post now (or at `at`, for imports and the demo's back-dated posts)."""
    data = content.cleaned()
    with _logged_change(blog.pk) as log:
        if not log.blog.accepts_posts:
            raise ActionError("This live blog has ended; reopen it before publishing.")
        if is_pinned:
            _unpin_others(log, keep_id=None)
        now = at or timezone.now()
        post = Post.objects.create(
            blog=log.blog, created_by=by, published_at=now, created_at=now,
            is_key_event=is_key_event, is_pinned=is_pinned, **data,
        )
        post.authors.set(authors or ([by] if by else []))
        log.append(Kind.POST_PUBLISHED, post=_reload(post.pk))
    return post


def edit_post(*, post: Post, by, content: PostContent, is_key_event: bool, is_pinned: bool) -> Post:
    data = content.cleaned()
    with _logged_change(post.blog_id) as log:
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.deleted_at:
            raise ActionError("This post has been deleted.")
        changed = {k: v for k, v in data.items() if getattr(current, k) != v}
        pin_changed = current.is_pinned != is_pinned
        if is_pinned and pin_changed:
            _unpin_others(log, keep_id=current.pk)
        if changed or current.is_key_event != is_key_event or pin_changed:
            fields = dict(changed, is_key_event=is_key_event, is_pinned=is_pinned)
            if changed:
                # Only a change to what readers read earns "Updated".
                fields["edited_at"] = timezone.now()
            Post.objects.filter(pk=current.pk).update(**fields)
            kind = Kind.POST_UPDATED
            if pin_changed:
                kind = Kind.POST_PINNED if is_pinned else Kind.POST_UNPINNED
            log.append(kind, post=_reload(current.pk))
    return _reload(post.pk)


def delete_post(*, post: Post, by) -> None:
    with _logged_change(post.blog_id) as log:
        updated = Post.objects.filter(pk=post.pk, deleted_at__isnull=True).update(
            deleted_at=timezone.now(), is_pinned=False, is_key_event=False
        )
        if updated:
            log.append(Kind.POST_DELETED, post_id=post.pk)


def set_pinned(*, post: Post, by, pinned: bool) -> Post:
    with _logged_change(post.blog_id) as log:
        current = Post.objects.get(pk=post.pk)
        if current.deleted_at:
            raise ActionError("This post has been deleted.")
        if current.is_pinned != pinned:
            if pinned:
                _unpin_others(log, keep_id=current.pk)
            Post.objects.filter(pk=current.pk).update(is_pinned=pinned)
            log.append(Kind.POST_PINNED if pinned else Kind.POST_UNPINNED, post=_reload(current.pk))
    return _reload(post.pk)


def set_key_event(*, post: Post, by, key_event: bool) -> Post:
    with _logged_change(post.blog_id) as log:
        current = Post.objects.get(pk=post.pk)
        if current.deleted_at:
            raise ActionError("This post has been deleted.")
        if current.is_key_event != key_event:
            Post.objects.filter(pk=current.pk).update(is_key_event=key_event)
            log.append(Kind.POST_UPDATED, post=_reload(current.pk))
    return _reload(post.pk)
