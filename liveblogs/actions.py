"""Every reader-visible write to a live blog. Each action, in one transaction,
changes the rows, appends events to the blog's log under the blog's row
lock, writes its audit entry and (for post text) a revision; readers are
woken only after commit."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import realtime
from liveblogs import audit, idempotency, lifecycle
from liveblogs.events import Kind, encode
from liveblogs.models import (
    REVISION_FIELDS,
    AuditEntry,
    BlogAssignment,
    BlogEvent,
    LiveBlog,
    Post,
    PostByline,
    PostRevision,
    Topic,
    slug_taken,
)
from liveblogs.richtext import sanitise_body, sanitise_summary
from newsline.lib.languages import content_language
from realtime.eventlog import Appender, appending

Action = AuditEntry.Action
MAX_CORRECTION_CHARS = 500

STREAM_SOURCE = "liveblog"


class ActionError(Exception):
    """A request the newsroom cannot carry out; the message is for the user."""


class AlreadyPublished(ActionError):
    """The compose form that sent this was already published (sent twice:
    a double click, or "Send again" after a commit that did land)."""

    def __init__(self, post: Post):
        self.post = post
        super().__init__("Already published: this form was sent twice, so it was published once.")


# A sponsor card or ad snippet an operator deleted after it was chosen (the
# desk's Edit details says the same when the form is checked: forms.py).
SLOT_FILL_GONE = _("That sponsor card or snippet no longer exists. Choose another, or none.")


class SlotFillGone(ActionError):
    """The card or snippet chosen for a blog's ad slots was deleted meanwhile."""

    def __init__(self):
        super().__init__(str(SLOT_FILL_GONE))


class EditConflict(ActionError):
    """A save against a version of the post that is no longer current."""

    def __init__(self, *, current: Post, changed_by: str, changed_at: datetime):
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        at = timezone.localtime(changed_at).strftime("%H:%M")
        super().__init__(
            _("This post was changed by %(name)s at %(time)s while you were editing. "
              "Your version is below; the current version is shown beside it.")
            % {"name": changed_by, "time": at}
        )


class _Log(Appender):
    """A blog's log inside `_logged_change`: its events, and the audit
    entries written in the same transaction."""

    event_model = BlogEvent
    source = STREAM_SOURCE

    def __init__(self, blog: LiveBlog):
        super().__init__(blog)
        self.blog = blog
        self.audit_entries: list[AuditEntry] = []

    def stream_key(self) -> str:
        return self.blog.slug

    def audit(self, by, action: str, *, post: Post | None = None, changes: dict | None = None):
        self.audit_entries.append(
            AuditEntry(actor=by, action=action, blog=self.blog, post=post, changes=changes or {})
        )

    def append(self, kind: str, *, post: Post | None = None, post_id: int | None = None, with_blog: bool = False):
        seq = self.next_seq()
        pid = post.pk if post is not None else post_id
        # Rendered once for every reader, so in the blog's language, not the writer's.
        with content_language(self.blog.language):
            payload = encode(seq=seq, kind=kind, post=post, post_id=post_id, blog=self.blog if with_blog else None)
        self.add(BlogEvent(blog=self.blog, seq=seq, kind=kind, post_id_ref=pid, payload=payload))

    def before_write(self) -> list[str]:
        if self.audit_entries:
            AuditEntry.objects.bulk_create(self.audit_entries)
        if not self.pending:
            return []
        self.blog.last_activity_at = timezone.now()
        return ["last_activity_at"]


def _logged_change(blog_id: int):
    """Lock the blog, let the caller change rows and append events, then
    write the events, the audit entries and the new head in the same
    transaction (realtime.eventlog)."""
    return appending(_Log, LiveBlog.objects.filter(pk=blog_id))


# For other apps that change what a post card shows (a poll added or closed,
# votes app): the same lock, audit entries and events as the actions here.
logged_change = _logged_change


def _check(current: str, target: str) -> None:
    try:
        lifecycle.check(current, target)
    except lifecycle.TransitionError as e:
        raise ActionError(str(e)) from None


def _reload(post_id: int) -> Post:
    return Post.objects.select_related("blog").for_cards().get(pk=post_id)


def _next_version():
    return F("version") + 1


KEEP = object()  # an image_id argument meaning: leave the picture as it is


# Blogs ---------------------------------------------------------------------


def create_blog(
    *, by, headline: str, slug: str, standfirst: str = "", topics: list[str] | None = None, language: str = "",
) -> LiveBlog:
    """A new draft blog; `language` "" is the site's (LANGUAGE_CODE)."""
    if slug_taken(slug):
        raise ActionError(_("A live blog with the address “%(slug)s” already exists. Choose another.") % {"slug": slug})
    language = _language(language or settings.LANGUAGE_CODE)
    with transaction.atomic():
        blog = LiveBlog.objects.create(
            headline=headline, slug=slug, standfirst=standfirst, created_by=by, language=language
        )
        if topics:
            blog.topics.set(_topics(topics))
        AuditEntry.objects.create(
            actor=by,
            action=Action.CREATE_BLOG,
            blog=blog,
            changes=audit.created(
                {"headline": headline, "slug": slug, "standfirst": standfirst, "topics": topics or [],
                 "language": language}
            ),
        )
    return blog


MAX_SUMMARY_CHARS = 4000


def update_blog(
    *, blog: LiveBlog, by, headline: str, standfirst: str, topics: list[str], image_id: int | None | object = KEEP,
    summary: str | object = KEEP, slug: str | object = KEEP, language: str | object = KEEP,
    reactions_enabled: bool | object = KEEP,
) -> LiveBlog:
    """Change a blog's details. `image_id` None removes the blog's picture,
    `summary` "" its summary; KEEP (for callers that do not show them)
    leaves them, and the address (`slug`), as they are. The summary is
    sanitised here. A new address keeps the old one answering with a
    redirect (BlogSlugHistory); one another blog has or had is refused.
    A new `language` re-renders open pages and cached copies in it."""
    from liveblogs.models import Image

    old_slug = blog.slug
    new_slug = None if slug is KEEP else slug
    new_summary = None if summary is KEEP else sanitise_summary(summary)
    if new_summary is not None and len(new_summary) > MAX_SUMMARY_CHARS:
        raise ActionError(
            _("Keep the summary under %(limit)s characters (it is %(length)s).")
            % {"limit": MAX_SUMMARY_CHARS, "length": len(new_summary)}
        )
    with _logged_change(blog.pk) as log:
        b = log.blog
        new_image_id = b.image_id if image_id is KEEP else (image_id or None)
        if new_summary is None:
            new_summary = b.summary
        if new_image_id and not Image.objects.filter(pk=new_image_id, blog_id=b.pk).exists():
            raise ActionError(_("That picture is not one uploaded to this blog. Upload it again."))
        old_slug = b.slug
        new_language = b.language if language is KEEP else _language(language)
        if new_slug is not None and new_slug != b.slug:
            _move_address(b, new_slug, by=by)
        reactions = b.reactions_enabled if reactions_enabled is KEEP else bool(reactions_enabled)
        changed = b.slug != old_slug or (
            b.headline, b.standfirst, b.image_id, b.summary, b.language, b.reactions_enabled
        ) != (headline, standfirst, new_image_id, new_summary, new_language, reactions)
        before = {
            "headline": b.headline, "standfirst": b.standfirst, "topics": [t.name for t in b.topics.all()],
            "image": _image_label(b.image_id), "summary": b.summary, "slug": old_slug, "language": b.language,
            "reactions": _on_off(b.reactions_enabled),
        }
        if new_summary != b.summary:
            b.summary_updated_at = timezone.now()
        b.headline, b.standfirst, b.image_id, b.summary = headline, standfirst, new_image_id, new_summary
        b.language = new_language
        b.reactions_enabled = reactions
        b.save(update_fields=[
            "headline", "standfirst", "image", "summary", "summary_updated_at", "language", "reactions_enabled",
        ])
        new_topics = _topics(topics)
        b.topics.set(new_topics)
        diff = audit.changes(before, {
            "headline": headline, "standfirst": standfirst, "topics": [t.name for t in new_topics],
            "image": _image_label(new_image_id), "summary": new_summary, "slug": b.slug, "language": b.language,
            "reactions": _on_off(reactions),
        })
        if diff:
            log.audit(by, Action.UPDATE_BLOG, changes=diff)
        if changed and b.status != LiveBlog.Status.DRAFT:
            # Open pages and cached copies must show the new headline too.
            log.append(Kind.BLOG_UPDATED, with_blog=True)
    blog.refresh_from_db()
    if blog.slug != old_slug:
        # Streams open on the old address: its head is gone now, so the
        # fast lane tells their readers to start again (they follow the
        # redirect). Other processes find out by their log poll or broker.
        moved_from, head = old_slug, blog.head_seq + 1
        transaction.on_commit(lambda: realtime.signal(STREAM_SOURCE, moved_from, head))
    return blog


def _language(code: str) -> str:
    if code not in dict(settings.LANGUAGES):
        raise ActionError(_("“%(code)s” is not one of this site's languages.") % {"code": code})
    return code


def _on_off(value: bool) -> str:
    return "on" if value else "off"


def _move_address(blog: LiveBlog, slug: str, *, by) -> None:
    """Give `blog` (locked) the address `slug`, keeping its old one as a redirect."""
    from liveblogs.models import BlogSlugHistory

    if slug_taken(slug, by_blog_other_than=blog.pk):
        raise ActionError(
            _("The address “%(slug)s” is used by another live blog, now or before. Choose another.") % {"slug": slug}
        )
    # Taking back an address this blog had before: it is current again.
    BlogSlugHistory.objects.filter(blog=blog, slug=slug).delete()
    BlogSlugHistory.objects.create(blog=blog, slug=blog.slug, changed_by=by)
    blog.slug = slug
    blog.save(update_fields=["slug"])


def _image_label(image_id: int | None) -> str:
    """A picture as the audit log names it: its alt text."""
    from liveblogs.models import Image

    if not image_id:
        return ""
    alt = Image.objects.filter(pk=image_id).values_list("alt_text", flat=True).first()
    return alt or _("Picture %(id)s") % {"id": image_id}


def _topics(names: list[str]) -> list[Topic]:
    from django.utils.text import slugify

    out = []
    for name in names:
        name = name.strip()
        if name:
            topic, _created = Topic.objects.get_or_create(
                # allow_unicode: "Погода" and "Україна" must not both become "topic".
                slug=slugify(name, allow_unicode=True)[:60] or "topic", defaults={"name": name[:60]}
            )
            out.append(topic)
    return out


def open_blog(*, blog: LiveBlog, by) -> LiveBlog:
    """Open a draft to readers, or reopen an ended blog (audited as a
    reopening: its coverage keeps the time it began, and its end time is
    cleared). Either way open pages hear `blog.opened`."""
    with _logged_change(blog.pk) as log:
        b = log.blog
        if b.status == LiveBlog.Status.LIVE:
            return b
        before = {"status": b.status}
        after = {"status": LiveBlog.Status.LIVE.value}
        if b.status == LiveBlog.Status.ENDED:
            before["closed_at"], after["closed_at"] = _when(b.closed_at), None
        action = Action.REOPEN_BLOG if b.status == LiveBlog.Status.ENDED else Action.OPEN_BLOG
        log.audit(by, action, changes=audit.changes(before, after))
        b.status = LiveBlog.Status.LIVE
        b.opened_at = b.opened_at or timezone.now()
        b.closed_at = None
        b.save(update_fields=["status", "opened_at", "closed_at"])
        log.append(Kind.BLOG_OPENED, with_blog=True)
    return log.blog


def share_preview(*, blog: LiveBlog, by) -> str:
    """A signed link to the blog's reader page that works without a desk
    role until it expires (liveblogs.preview_links); audited, since it lets
    someone outside the desk read an unpublished blog."""
    from liveblogs import preview_links

    with transaction.atomic():
        current = LiveBlog.objects.select_for_update().get(pk=blog.pk)
        url = preview_links.url_for(current)
        AuditEntry.objects.create(
            actor=by, action=Action.SHARE_PREVIEW, blog=current,
            changes={"expires": [None, _when(preview_links.expires_at())]},
        )
    return url


def revoke_preview_links(*, blog: LiveBlog, by) -> LiveBlog:
    """Withdraw every preview link made for this blog so far."""
    with transaction.atomic():
        current = LiveBlog.objects.select_for_update().get(pk=blog.pk)
        LiveBlog.objects.filter(pk=current.pk).update(preview_links_version=F("preview_links_version") + 1)
        AuditEntry.objects.create(actor=by, action=Action.REVOKE_PREVIEWS, blog=current)
    blog.refresh_from_db()
    return blog


def _when(at: datetime | None) -> str | None:
    """A time as the audit log shows it: the newsroom's zone."""
    return timezone.localtime(at).strftime("%-d %b %Y, %H:%M %Z") if at else None


def close_blog(*, blog: LiveBlog, by) -> LiveBlog:
    with _logged_change(blog.pk) as log:
        b = log.blog
        if b.status != LiveBlog.Status.LIVE:
            raise ActionError(_("Only a live blog can be closed."))
        log.audit(
            by, Action.CLOSE_BLOG, changes=audit.changes({"status": b.status}, {"status": LiveBlog.Status.ENDED.value})
        )
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
    # Left unset (None / KEEP), an edit keeps the post's embed and picture:
    # callers that do not know about them (the API) never drop them.
    embed_url: str | None = None
    image_id: int | None | object = KEEP

    def cleaned(self) -> dict:
        data = {k: (v or "").strip() for k, v in self.__dict__.items() if k not in ("image_id", "embed_url")}
        data["body"] = sanitise_body(self.body)
        if self.embed_url is not None:
            data["embed_url"] = self.embed_url.strip()
        if self.image_id is not KEEP:
            data["image_id"] = self.image_id or None
        if data["kind"] != Post.Kind.ARTICLE:
            for k in ("article_url", "article_author", "article_headline", "article_standfirst"):
                data[k] = ""
        return data


def _unpin_others(log: _Log, by, keep_id: int | None):
    for other in Post.objects.filter(blog_id=log.blog.pk, is_pinned=True).exclude(pk=keep_id):
        Post.objects.filter(pk=other.pk).update(is_pinned=False, version=_next_version())
        log.audit(by, Action.UNPIN_POST, post=other, changes={"is_pinned": [True, False]})
        log.append(Kind.POST_UNPINNED, post=_reload(other.pk))


def _unique(people: list) -> list:
    seen, out = set(), []
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            out.append(person)
    return out


def set_bylines(post: Post, people: list) -> None:
    """Put `people` on the post's byline in this order (repeats dropped).
    Called by the post actions inside their transaction."""
    PostByline.objects.filter(post=post).delete()
    PostByline.objects.bulk_create(
        PostByline(post=post, user=person, position=i) for i, person in enumerate(_unique(people))
    )


def _record_revision(
    post: Post, *, by, correction_note: str = "", restored_from: int | None = None, at: datetime | None = None
) -> PostRevision:
    """Snapshot what readers now read. Called under the blog's lock, so the
    numbers cannot collide."""
    last = post.revisions.aggregate(n=Max("number"))["n"] or 0
    return PostRevision.objects.create(
        post=post,
        number=last + 1,
        author=by,
        created_at=at or timezone.now(),
        correction_note=correction_note,
        restored_from=restored_from,
        **{name: getattr(post, name) for name in REVISION_FIELDS},
    )


def _clean_note(note: str) -> str:
    # Plain text on one line; the card escapes it like any other text.
    note = " ".join((note or "").split())
    if len(note) > MAX_CORRECTION_CHARS:
        raise ActionError(
            _("Keep the correction note to %(limit)s characters or fewer.") % {"limit": MAX_CORRECTION_CHARS}
        )
    return note


def _last_change(post: Post) -> tuple[str, datetime]:
    """Who changed the post last, and when, for the edit-conflict message."""
    entry = AuditEntry.objects.filter(post=post).select_related("actor").order_by("-created_at", "-id").first()
    if entry is not None:
        return (entry.actor.byline if entry.actor else "someone"), entry.created_at
    who = post.created_by.byline if post.created_by else "someone"
    return who, post.edited_at or post.published_at or post.created_at


def _refuse_repeat(by, form_key: str) -> None:
    # Under the blog's lock: a second send waits for the first to commit,
    # then finds its post (which may be on another blog: the caller decides).
    if (earlier := idempotency.published_with_key(by=by, key=form_key)) is not None:
        raise AlreadyPublished(earlier)


def _keep_key(by, form_key: str, post: Post) -> None:
    # The database refuses the key when a send to another blog (another
    # lock) committed it first: this post is rolled back.
    if (earlier := idempotency.record(by=by, key=form_key, post=post)) is not None:
        raise AlreadyPublished(earlier)


def publish_post(
    *,
    blog: LiveBlog,
    by,
    content: PostContent,
    is_key_event: bool = False,
    is_pinned: bool = False,
    authors=None,
    at=None,
    form_key: str = "",
) -> Post:
    """Publish a post now (or at `at`, for imports and the demo's back-dated posts).
    With a `form_key` (the compose form's one-time key, the API's
    Idempotency-Key), a second send with the same key, to this blog or any
    other, raises AlreadyPublished with the first one's post
    (liveblogs.idempotency)."""
    data = content.cleaned()
    with _logged_change(blog.pk) as log:
        _refuse_repeat(by, form_key)
        if not log.blog.accepts_posts:
            raise ActionError(_("This live blog has ended; reopen it before publishing."))
        if is_pinned:
            _unpin_others(log, by, keep_id=None)
        now = at or timezone.now()
        post = Post.objects.create(
            blog=log.blog, created_by=by, published_at=now, created_at=now, state=Post.State.PUBLISHED,
            is_key_event=is_key_event, is_pinned=is_pinned, **data,
        )
        _keep_key(by, form_key, post)
        set_bylines(post, authors or ([by] if by else []))
        _record_revision(post, by=by, at=now)
        log.audit(by, Action.PUBLISH_POST, post=post, changes=audit.created(
            dict(data, is_key_event=is_key_event, is_pinned=is_pinned)
        ))
        log.append(Kind.POST_PUBLISHED, post=_reload(post.pk))
    return post


def edit_post(
    *,
    post: Post,
    by,
    content: PostContent,
    is_key_event: bool | None = None,
    is_pinned: bool | None = None,
    correction_note: str = "",
    expected_version: int | None = None,
    restored_from: int | None = None,
    authors: list | None = None,
) -> Post:
    """Save a post. `is_key_event`/`is_pinned` of None keep what is there.
    `expected_version` is the version the editor loaded: if the post has
    changed since, EditConflict is raised and nothing is written.
    A change to the text, or a correction note, records a revision."""
    data = content.cleaned()
    note = _clean_note(correction_note)
    with _logged_change(post.blog_id) as log:
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.deleted_at:
            raise ActionError(_("This post has been deleted."))
        if current.state != Post.State.PUBLISHED:
            raise ActionError(_("This post is not published yet; save it as a draft instead."))
        if expected_version is not None and expected_version != current.version:
            changed_by, changed_at = _last_change(current)
            raise EditConflict(current=_reload(current.pk), changed_by=changed_by, changed_at=changed_at)
        if note and current.published_at is None:
            raise ActionError(_("Only a published post can carry a correction."))
        key = current.is_key_event if is_key_event is None else is_key_event
        pinned = current.is_pinned if is_pinned is None else is_pinned
        changed = {k: v for k, v in data.items() if getattr(current, k) != v}
        flags = {k: v for k, v in (("is_key_event", key), ("is_pinned", pinned)) if getattr(current, k) != v}
        before_authors = current.byline_profiles
        bylines = None
        # The order counts: swapping two bylines is a change readers see.
        if authors is not None and authors and [a.pk for a in _unique(authors)] != [a.pk for a in before_authors]:
            bylines = [[a.byline for a in before_authors], [a.byline for a in _unique(authors)]]
        if not (changed or flags or note or bylines):
            return _reload(post.pk)
        if bylines:
            set_bylines(current, authors)
        if flags.get("is_pinned"):
            _unpin_others(log, by, keep_id=current.pk)
        fields = dict(changed, **flags, version=_next_version())
        if changed or note:
            # Only a change to what readers read earns "Updated".
            fields["edited_at"] = timezone.now()
        before = {k: getattr(current, k) for k in (*changed, *flags)}
        Post.objects.filter(pk=current.pk).update(**fields)
        current.refresh_from_db()
        diff = audit.changes(before, {**changed, **flags})
        if bylines:
            diff["authors"] = bylines
        if changed or note:
            _record_revision(current, by=by, correction_note=note, restored_from=restored_from)
            if note:
                diff["correction_note"] = ["", note]
            if restored_from:
                diff["restored_from"] = [None, restored_from]
            action = Action.RESTORE_REVISION if restored_from else Action.CORRECT_POST if note else Action.EDIT_POST
        elif "is_pinned" in flags:
            action = Action.PIN_POST if pinned else Action.UNPIN_POST
        elif flags:
            action = Action.MARK_KEY_EVENT if key else Action.UNMARK_KEY_EVENT
        else:
            action = Action.EDIT_POST  # bylines only
        log.audit(by, action, post=current, changes=diff)
        kind = Kind.POST_UPDATED
        if "is_pinned" in flags:
            kind = Kind.POST_PINNED if pinned else Kind.POST_UNPINNED
        log.append(kind, post=_reload(current.pk))
    return _reload(post.pk)


def restore_revision(*, revision: PostRevision, by, correction_note: str = "") -> Post:
    """Make an earlier version the current one: an ordinary edit, so it is a
    new revision and reaches open pages like any other."""
    current = Post.objects.get(pk=revision.post_id)
    content = PostContent(**revision.snapshot())
    if content.cleaned() == {name: getattr(current, name) for name in REVISION_FIELDS} and not correction_note.strip():
        raise ActionError(_("That version is already the current one."))
    return edit_post(
        post=current, by=by, content=content, correction_note=correction_note, restored_from=revision.number
    )


def delete_post(*, post: Post, by) -> None:
    with _logged_change(post.blog_id) as log:
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.deleted_at is not None:
            return
        _check(current.state, Post.State.DELETED)
        Post.objects.filter(pk=current.pk).update(
            state=Post.State.DELETED, deleted_at=timezone.now(), is_pinned=False, is_key_event=False,
            version=_next_version(),
        )
        before = {"deleted": False, "is_pinned": current.is_pinned, "is_key_event": current.is_key_event}
        log.audit(by, Action.DELETE_POST, post=current, changes=audit.changes(
            before, {"deleted": True, "is_pinned": False, "is_key_event": False}
        ))
        log.append(Kind.POST_DELETED, post_id=current.pk)


def restore_post(*, post: Post, by) -> Post:
    """Bring a deleted post back where it was in the timeline. Deleting
    cleared its pin and key-event mark; those stay off."""
    with _logged_change(post.blog_id) as log:
        current = Post.objects.select_for_update().get(pk=post.pk)
        if current.deleted_at is None:
            raise ActionError(_("This post is not deleted."))
        _check(current.state, Post.State.PUBLISHED)
        Post.objects.filter(pk=current.pk).update(state=Post.State.PUBLISHED, deleted_at=None, version=_next_version())
        log.audit(by, Action.RESTORE_POST, post=current, changes={"deleted": [True, False]})
        log.append(Kind.POST_RESTORED, post=_reload(current.pk))
    return _reload(post.pk)


def set_pinned(*, post: Post, by, pinned: bool) -> Post:
    with _logged_change(post.blog_id) as log:
        current = Post.objects.get(pk=post.pk)
        if current.deleted_at:
            raise ActionError(_("This post has been deleted."))
        if current.is_pinned != pinned:
            if pinned:
                _unpin_others(log, by, keep_id=current.pk)
            Post.objects.filter(pk=current.pk).update(is_pinned=pinned, version=_next_version())
            log.audit(by, Action.PIN_POST if pinned else Action.UNPIN_POST, post=current,
                      changes={"is_pinned": [current.is_pinned, pinned]})
            log.append(Kind.POST_PINNED if pinned else Kind.POST_UNPINNED, post=_reload(current.pk))
    return _reload(post.pk)


def set_key_event(*, post: Post, by, key_event: bool) -> Post:
    with _logged_change(post.blog_id) as log:
        current = Post.objects.get(pk=post.pk)
        if current.deleted_at:
            raise ActionError(_("This post has been deleted."))
        if current.is_key_event != key_event:
            Post.objects.filter(pk=current.pk).update(is_key_event=key_event, version=_next_version())
            log.audit(by, Action.MARK_KEY_EVENT if key_event else Action.UNMARK_KEY_EVENT, post=current,
                      changes={"is_key_event": [current.is_key_event, key_event]})
            log.append(Kind.POST_UPDATED, post=_reload(current.pk))
    return _reload(post.pk)


# Teams -----------------------------------------------------------------------
# (Staff accounts themselves: accounts.actions.)


def assign_staff(*, blog: LiveBlog, by, user) -> BlogAssignment:
    """Put a contributor or reporter on a blog's team (idempotent)."""
    from liveblogs.access import ASSIGNABLE_ROLES

    if user.role not in ASSIGNABLE_ROLES:
        raise ActionError(_("Only contributors and reporters are assigned to blogs; editors work on every blog."))
    if not user.is_active:
        raise ActionError(f"{user.byline}’s account is deactivated.")
    with transaction.atomic():
        assignment, created = BlogAssignment.objects.get_or_create(blog=blog, user=user, defaults={"assigned_by": by})
        if created:
            AuditEntry.objects.create(
                actor=by, action=Action.ASSIGN_STAFF, blog=blog, changes={"team": [None, user.byline]}
            )
    return assignment


def unassign_staff(*, blog: LiveBlog, by, user) -> None:
    with transaction.atomic():
        deleted, _count = BlogAssignment.objects.filter(blog=blog, user=user).delete()
        if deleted:
            AuditEntry.objects.create(
                actor=by, action=Action.UNASSIGN_STAFF, blog=blog, changes={"team": [user.byline, None]}
            )


# Drafts, approval and scheduling ------------------------------------------
# None of these touch the blog's public log until a post goes live: drafts,
# submissions and schedules never reach readers, feeds, the stream or ETags.

MAX_REVIEW_NOTE_CHARS = 500


def save_draft(
    *, blog: LiveBlog, by, content: PostContent, post: Post | None = None, expected_version: int | None = None,
    authors: list | None = None,
) -> Post:
    """Create a draft, or save new text into an unpublished post (a draft, a
    submission or a scheduled post keeps its state). Called by the desk's
    autosave every few seconds, so it writes no audit entry or event."""
    data = content.cleaned()
    if post is None:
        if not blog.accepts_posts:
            raise ActionError(_("This live blog has ended; reopen it before writing for it."))
        draft = Post.objects.create(blog=blog, created_by=by, state=Post.State.DRAFT, published_at=None, **data)
        if authors:
            set_bylines(draft, authors)
        return draft
    with transaction.atomic():
        current = Post.objects.select_for_update().get(pk=post.pk)
        if not current.is_unpublished:
            raise ActionError(_("%(state)s; edit it instead.") % {"state": lifecycle.MESSAGES[current.state]})
        if expected_version is not None and expected_version != current.version:
            changed_by, changed_at = _last_change(current)
            raise EditConflict(current=_reload(current.pk), changed_by=changed_by, changed_at=changed_at)
        changed = {k: v for k, v in data.items() if getattr(current, k) != v}
        if authors and [a.pk for a in _unique(authors)] != [a.pk for a in current.byline_profiles]:
            set_bylines(current, authors)
            Post.objects.filter(pk=current.pk).update(version=_next_version())
        if changed:
            Post.objects.filter(pk=current.pk).update(**changed, version=_next_version())
    return Post.objects.select_related("blog").get(pk=post.pk)


def _move(post: Post, target: str, *, by, action: str, changes: dict | None = None, **fields) -> Post:
    """An unpublished post changes state (no public event)."""
    with transaction.atomic():
        current = Post.objects.select_for_update().get(pk=post.pk)
        _check(current.state, target)
        Post.objects.filter(pk=current.pk).update(state=target, version=_next_version(), **fields)
        AuditEntry.objects.create(
            actor=by, action=action, blog_id=current.blog_id, post=current,
            changes={"state": [current.state, target], **(changes or {})},
        )
    return Post.objects.select_related("blog").get(pk=post.pk)


def submit_post(*, post: Post, by) -> Post:
    """A contributor (or anyone) asks an editor to approve a draft."""
    return _move(post, Post.State.SUBMITTED, by=by, action=Action.SUBMIT_POST, review_note="")


def send_back_post(*, post: Post, by, note: str) -> Post:
    """An editor returns a submission to its author with a note saying why."""
    note = " ".join((note or "").split())
    if not note:
        raise ActionError(_("Say what needs changing: the author sees your note."))
    if len(note) > MAX_REVIEW_NOTE_CHARS:
        raise ActionError(_("Keep the note to %(limit)s characters or fewer.") % {"limit": MAX_REVIEW_NOTE_CHARS})
    return _move(
        post, Post.State.DRAFT, by=by, action=Action.SEND_BACK_POST, changes={"review_note": ["", note]},
        review_note=note, reviewed_by=by,
    )


def schedule_post(*, post: Post, by, at: datetime) -> Post:
    """Publish at `at` (UTC): a background job does it then; if the worker
    was down, `publish_due_posts` catches up at start-up."""
    if at <= timezone.now():
        raise ActionError(_("Choose a time in the future, or publish now."))
    if post.state == Post.State.SCHEDULED:
        # Moving a scheduled post: back through draft is not needed; just the time.
        with transaction.atomic():
            Post.objects.filter(pk=post.pk, state=Post.State.SCHEDULED).update(
                scheduled_for=at, version=_next_version()
            )
            AuditEntry.objects.create(
                actor=by,
                action=Action.SCHEDULE_POST,
                blog_id=post.blog_id,
                post=post,
                changes={
                    "scheduled_for": [post.scheduled_for.isoformat() if post.scheduled_for else None, at.isoformat()]
                },
            )
        moved = Post.objects.select_related("blog").get(pk=post.pk)
    else:
        moved = _move(
            post, Post.State.SCHEDULED, by=by, action=Action.SCHEDULE_POST,
            changes={"scheduled_for": [None, at.isoformat()]}, scheduled_for=at, reviewed_by=by,
        )
    from liveblogs.tasks import publish_scheduled_post

    # The job runs at `at`; it publishes only if the post is still scheduled
    # for then or earlier, so a moved or cancelled schedule leaves it idle.
    transaction.on_commit(lambda: publish_scheduled_post.using(run_after=at).enqueue(moved.pk))
    return moved


def discard_draft(*, post: Post, by) -> None:
    """Throw a draft away. Soft, like every delete, but it was never public,
    so nothing reaches readers and it is not offered for restoring."""
    _move(post, Post.State.DELETED, by=by, action=Action.DELETE_POST, deleted_at=timezone.now())


def unschedule_post(*, post: Post, by) -> Post:
    return _move(post, Post.State.DRAFT, by=by, action=Action.UNSCHEDULE_POST, scheduled_for=None)


def publish_unpublished_post(
    *, post: Post, by, is_key_event: bool = False, is_pinned: bool = False, action: str = Action.PUBLISH_POST,
    due_only: bool = False, form_key: str = "",
) -> Post | None:
    """A draft, an approved submission or a scheduled post goes live now:
    its first revision, its audit entry and its public event, like
    publish_post. With `due_only`, a post that is no longer scheduled (or
    scheduled later) is left alone and None returned: the scheduler's jobs
    may run after the schedule changed, or twice."""
    with _logged_change(post.blog_id) as log:
        _refuse_repeat(by, form_key)
        current = Post.objects.select_for_update().get(pk=post.pk)
        if due_only and not (
            current.state == Post.State.SCHEDULED and current.scheduled_for and current.scheduled_for <= timezone.now()
        ):
            return None
        _check(current.state, Post.State.PUBLISHED)
        if not log.blog.accepts_posts:
            raise ActionError(_("This live blog has ended; reopen it before publishing."))
        if is_pinned:
            _unpin_others(log, by, keep_id=current.pk)
        now = timezone.now()
        Post.objects.filter(pk=current.pk).update(
            state=Post.State.PUBLISHED, published_at=now, is_key_event=is_key_event, is_pinned=is_pinned,
            version=_next_version(),
        )
        current.refresh_from_db()
        if not current.byline_rows.exists():
            set_bylines(current, [current.created_by] if current.created_by else [])
        _record_revision(current, by=current.created_by, at=now)
        _keep_key(by, form_key, current)
        log.audit(by, action, post=current, changes=audit.created(
            dict({k: getattr(current, k) for k in REVISION_FIELDS}, is_key_event=is_key_event, is_pinned=is_pinned)
        ))
        log.append(Kind.POST_PUBLISHED, post=_reload(current.pk))
    return _reload(post.pk)


def approve_post(*, post: Post, by, is_key_event: bool = False, is_pinned: bool = False) -> Post:
    """An editor publishes a submission now, as its author's post."""
    if post.state != Post.State.SUBMITTED:
        raise ActionError(
            _("%(state)s.") % {"state": lifecycle.MESSAGES.get(post.state, _("This post cannot be approved"))}
        )
    return publish_unpublished_post(
        post=post, by=by, is_key_event=is_key_event, is_pinned=is_pinned, action=Action.APPROVE_POST
    )


def publish_due_posts(*, now: datetime | None = None, limit: int = 500) -> list[Post]:
    """Publish every scheduled post whose time has come, oldest schedule
    first: the catch-up after downtime (`manage.py publish_due_posts`, run at
    start-up) and a safety net beside the per-post jobs. Each post is claimed
    under the blog's lock, so running this beside the jobs publishes nothing
    twice."""
    now = now or timezone.now()
    due = list(
        Post.objects.filter(state=Post.State.SCHEDULED, scheduled_for__lte=now)
        .order_by("scheduled_for", "id")
        .values_list("pk", flat=True)[:limit]
    )
    published = []
    for pk in due:
        post = Post.objects.get(pk=pk)
        try:
            done = publish_unpublished_post(post=post, by=post.reviewed_by or post.created_by, due_only=True)
        except ActionError:
            continue  # e.g. the blog has ended since; it stays scheduled for an editor to see
        if done is not None:
            published.append(done)
    return published


# Legal takedown -------------------------------------------------------------

MAX_REMOVAL_REASON_CHARS = 500


def remove_post(*, post: Post, by, reason: str) -> Post:
    """Take a post down for legal reasons, everywhere at once. Unlike
    delete, it is final and leaves no copy readers can reach:

    - the post leaves every reader query (deleted_at is set, so visible()
      excludes it) and its permalink answers 410;
    - every earlier event about it in the blog's log is rewritten to a bare
      removal, so a replay no longer carries its text, and a `post.deleted`
      event is appended for open pages and for the log's consumers (feeds,
      search, webhooks);
    - the blog's epoch moves on, so every process drops the rendered events
      it holds in memory, open pages reset and refetch, and cached pages and
      updates (named by the epoch) are stale;
    - its revisions stay, for admins only (liveblogs.access).

    The reason is recorded in the audit log; it is never shown to readers."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ActionError(_("Give the legal reason for the removal; it is kept in the audit log."))
    if len(reason) > MAX_REMOVAL_REASON_CHARS:
        raise ActionError(_("Keep the reason to %(limit)s characters or fewer.") % {"limit": MAX_REMOVAL_REASON_CHARS})
    with _logged_change(post.blog_id) as log:
        current = Post.objects.select_for_update().get(pk=post.pk)
        _check(current.state, Post.State.REMOVED)
        now = timezone.now()
        Post.objects.filter(pk=current.pk).update(
            state=Post.State.REMOVED, deleted_at=current.deleted_at or now, removed_at=now, removal_reason=reason,
            is_pinned=False, is_key_event=False, version=_next_version(),
        )
        for event in BlogEvent.objects.filter(blog_id=log.blog.pk, post_id_ref=current.pk).only("id", "seq"):
            BlogEvent.objects.filter(pk=event.pk).update(
                kind=Kind.POST_DELETED, payload=encode(seq=event.seq, kind=Kind.POST_DELETED, post_id=current.pk)
            )
        log.audit(by, Action.REMOVE_POST, post=current, changes={
            "state": [current.state, Post.State.REMOVED.value], "removal_reason": [None, reason],
        })
        log.append(Kind.POST_DELETED, post_id=current.pk)
        LiveBlog.objects.filter(pk=log.blog.pk).update(epoch=F("epoch") + 1)
    return Post.objects.select_related("blog").get(pk=post.pk)


# Media ---------------------------------------------------------------------

MAX_ALT_CHARS = 300
# A picture uploaded but never published or saved with a post is deleted
# after this long (liveblogs.tasks.forget_unused_image).
UNUSED_IMAGE_GRACE_SECONDS = 24 * 3600


def upload_image(*, blog: LiveBlog, by, upload, alt_text: str, caption: str = "", credit: str = ""):
    """Check, clean and store a picture for `blog`'s posts (liveblogs.media).
    Nothing is kept unless every rendition was written and the row saved."""
    from liveblogs import media
    from liveblogs.models import Image

    alt_text, caption, credit = (" ".join((v or "").split()) for v in (alt_text, caption, credit))
    if not alt_text:
        raise ActionError(_("Describe the picture for readers who cannot see it (alt text is required)."))
    if len(alt_text) > MAX_ALT_CHARS:
        raise ActionError(_("Keep the alt text under %(limit)s characters.") % {"limit": MAX_ALT_CHARS})
    if len(caption) > 300 or len(credit) > 120:
        raise ActionError(_("Keep the caption under 300 characters and the credit under 120."))
    try:
        picture = media.decode(upload)
        renditions = media.store_renditions(picture, folder=media.new_folder(blog.pk))
    except media.MediaError as e:
        raise ActionError(str(e)) from None
    try:
        image = Image.objects.create(
            blog=blog, uploaded_by=by, alt_text=alt_text, caption=caption, credit=credit,
            width=picture.width, height=picture.height, renditions=renditions,
        )
    except Exception:
        media.delete_files(renditions)
        raise
    from datetime import timedelta

    from liveblogs.tasks import forget_unused_image

    when = image.created_at + timedelta(seconds=UNUSED_IMAGE_GRACE_SECONDS)
    transaction.on_commit(lambda: forget_unused_image.using(run_after=when).enqueue(image.pk))
    return image


# Ad and sponsor slots (liveblogs.slots) ------------------------------------


def set_ad_slots(*, blog: LiveBlog, by, fill=None, every: int = 5, cap: int = 5):
    """An operator (the admin) or an editor (the desk's Edit details) turns a
    blog's ad slots on or changes them (`fill` given: a slot after every
    `every` posts, the newest `cap` shown), or off (`fill` None). Open
    pages get `slots.updated` and every cached copy of the page is renewed
    with it (the head moves on). Returns the plan, or None when off.
    SlotFillGone when `fill` was deleted meanwhile (nothing is saved)."""
    from liveblogs.models import SlotFill, SlotPlan

    if fill is not None and not (2 <= every <= 100 and 1 <= cap <= 50):
        raise ActionError(_("A slot every 2 to 100 posts, and 1 to 50 slots at most."))
    with _logged_change(blog.pk) as log:
        # The card or snippet may have been deleted since it was chosen (a
        # form checked a moment ago): refused here, not by the foreign key at
        # commit. Its row stays locked until the plan that uses it commits,
        # so a delete waits and then meets the plan (on_delete PROTECT).
        if fill is not None and not SlotFill.objects.select_for_update().filter(pk=fill.pk).exists():
            raise SlotFillGone()
        plan = SlotPlan.objects.select_related("fill").filter(blog=log.blog).first()
        before = _slots_label(plan)
        if fill is None:
            if plan is not None:
                plan.delete()
            plan = None
        else:
            plan = plan or SlotPlan(blog=log.blog)
            plan.every, plan.cap, plan.fill = every, cap, fill
            plan.save()
        after = _slots_label(plan)
        if before == after:
            return plan
        log.audit(by, Action.SET_AD_SLOTS, changes={"slots": [before, after]})
        _append_slots(log, plan)
    return plan


def refresh_ad_slots(*, fill) -> None:
    """A sponsor card or snippet changed: every public blog showing it tells
    open pages and renews its cached copies."""
    from liveblogs.models import SlotPlan

    for plan in SlotPlan.objects.filter(fill=fill).order_by("blog_id"):
        with _logged_change(plan.blog_id) as log:
            _append_slots(log, SlotPlan.objects.select_related("fill").filter(pk=plan.pk).first())


def _slots_label(plan) -> str:
    if plan is None:
        return "off"
    return f"every {plan.every}, at most {plan.cap}: {plan.fill.name} (#{plan.fill_id})"


def _append_slots(log: _Log, plan) -> None:
    from liveblogs import slots

    if log.blog.status == LiveBlog.Status.DRAFT:
        return  # no reader and no cache has the page yet
    seq = log.next_seq()
    total = slots.counted(log.blog.pk).count()
    with content_language(log.blog.language):
        payload = slots.event_payload(seq=seq, plan=plan, total=total)
    log.add(BlogEvent(blog=log.blog, seq=seq, kind=slots.SLOTS_UPDATED, payload=payload))
