"""Live blogs, their posts, and the event log readers are fed from."""

import re

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liveblogs.audit import rows as audit_rows
from realtime.eventlog import LogEvent, LogHead


class Topic(models.Model):
    name = models.CharField(max_length=60, unique=True)
    # In the name's own script ("погода", "أخبار"): slugify(allow_unicode=True).
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LiveBlogQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=LiveBlog.Status.DRAFT)

    def live(self):
        return self.filter(status=LiveBlog.Status.LIVE)

    def ended(self):
        return self.filter(status=LiveBlog.Status.ENDED)


def default_language() -> str:
    return settings.LANGUAGE_CODE


class LiveBlog(LogHead):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("blog status", "Draft")
        LIVE = "live", pgettext_lazy("blog status", "Live")
        ENDED = "ended", pgettext_lazy("blog status", "Ended")

    # In any script ("повінь-на-закарпатті"), as topics: URLs take it with the `uslug` converter.
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    headline = models.CharField(max_length=200)
    standfirst = models.CharField(max_length=400, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="blogs")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    # The language the blog is written in (a code of settings.LANGUAGES): its
    # reader pages, feeds, embed and structured data are in it, whoever reads
    # (docs/i18n.md). No choices here, so adding a language needs no migration.
    language = models.CharField(max_length=16, default=default_language)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # The picture at the top of the reader page, on teasers and in link
    # previews (og:image); an Image uploaded to this blog (liveblogs.media).
    image = models.ForeignKey("Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # "Key points so far" above the posts: sanitised HTML, only ever written
    # through liveblogs.richtext.sanitise_summary; "" shows nothing.
    summary = models.TextField(blank=True)
    summary_updated_at = models.DateTimeField(null=True, blank=True)
    # Readers may react to posts (votes app); an editor turns it off on Edit details.
    reactions_enabled = models.BooleanField(default=True)
    # Bumped to withdraw every preview link made so far (liveblogs.preview_links).
    preview_links_version = models.PositiveIntegerField(default=1)
    # head_seq and epoch (LogHead): the event log's head, written only by
    # actions under the blog's row lock, so commit order is sequence order.

    objects = LiveBlogQuerySet.as_manager()

    class Meta:
        verbose_name = _("live blog")
        verbose_name_plural = _("live blogs")
        indexes = [models.Index(fields=["status", "-last_activity_at"])]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("liveblogs:blog", args=[self.slug])

    @property
    def absolute_url(self):
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def direction(self) -> str:
        """"rtl" or "ltr": how the blog's language is written."""
        from newsline.lib.languages import direction

        return direction(self.language)

    @property
    def news_language(self) -> str:
        """The language as Google News sitemaps name it ("en", "de")."""
        from newsline.lib.languages import news_language

        return news_language(self.language)

    @property
    def is_live(self):
        return self.status == self.Status.LIVE

    @property
    def is_ended(self):
        return self.status == self.Status.ENDED

    @property
    def accepts_posts(self):
        return self.status != self.Status.ENDED


class BlogSlugHistory(models.Model):
    """An address a blog had before an editor changed it. Requests for it
    answer a permanent redirect to the blog's address now
    (liveblogs.middleware), and no blog may take it."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blog slug history")
        verbose_name_plural = _("blog slug history")

    def __str__(self):
        return f"{self.slug} → blog {self.blog_id}"


def slug_taken(slug: str, *, by_blog_other_than: int | None = None) -> bool:
    """Whether another blog has this address now, or had it before."""
    now = LiveBlog.objects.filter(slug=slug)
    before = BlogSlugHistory.objects.filter(slug=slug)
    if by_blog_other_than is not None:
        now = now.exclude(pk=by_blog_other_than)
        before = before.exclude(blog_id=by_blog_other_than)
    return now.exists() or before.exists()


class Label(models.TextChoices):
    NONE = "", _("No label")
    BREAKING = "breaking", _("Breaking")
    ICYMI = "icymi", _("ICYMI")
    IN_FULL = "in_full", _("In full")
    ANALYSIS = "analysis", _("Analysis")
    OPINION = "opinion", _("Opinion")
    EXPLAINER = "explainer", _("Explainer")


class PostQuerySet(models.QuerySet):
    def visible(self):
        """What readers may see. Drafts, submissions and scheduled posts have
        no published_at; deleted and legally removed posts have deleted_at."""
        return self.filter(deleted_at__isnull=True, published_at__isnull=False)

    def unpublished(self):
        """Drafts, submissions and scheduled posts: desk only."""
        return self.filter(state__in=UNPUBLISHED_STATES)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def with_bylines(self):
        return self.prefetch_related(bylines_prefetch())

    def for_cards(self):
        """Everything the post card shows beyond the row: bylines, corrections
        and what other apps add to the card (CARD_JOINS)."""
        return self.select_related(*CARD_JOINS).prefetch_related(*card_prefetches())


# Reverse one-to-one relations other apps add to the post card (the votes
# app's "poll"), appended in their AppConfig.ready(): fetched by a LEFT JOIN
# in the card's own query, so a card part costs the reader page no query.
# liveblogs knows only the names, never the apps.
CARD_JOINS: list[str] = []


def card_prefetches() -> list:
    """The prefetches a post card needs; also for prefetch_related_objects()
    over posts fetched by several queries (the reader page's pinned post and
    timeline share one query each)."""
    corrections = (
        PostRevision.objects.exclude(correction_note="")
        .only("id", "post", "number", "created_at", "correction_note")
        .order_by("number")
    )
    return [bylines_prefetch(), "image", Prefetch("revisions", queryset=corrections, to_attr="prefetched_corrections")]


def bylines_prefetch() -> Prefetch:
    """Each post's bylines in their order, one query for all the posts."""
    rows = PostByline.objects.select_related("user").order_by("position", "id")
    return Prefetch("byline_rows", queryset=rows, to_attr="prefetched_bylines")


class PostFields(models.Model):
    """What readers read of a post: shared by Post and by each PostRevision,
    which keeps a snapshot of these fields."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        ARTICLE = "article", _("Article card")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    headline = models.CharField(max_length=200, blank=True)
    label = models.CharField(max_length=12, choices=Label.choices, blank=True, default=Label.NONE)
    # Sanitised HTML: only ever written through liveblogs.richtext.sanitise_body.
    body = models.TextField(blank=True)
    # Article card fields (kind=article): a link to another piece with its author.
    article_url = models.URLField(max_length=500, blank=True)
    article_author = models.CharField(max_length=120, blank=True)
    article_headline = models.CharField(max_length=200, blank=True)
    article_standfirst = models.CharField(max_length=400, blank=True)
    # A picture shown under the body (liveblogs.media); its alt text, caption
    # and credit live on the image.
    image = models.ForeignKey("Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A pasted link to a video or social post (liveblogs.embeds): readers see
    # a placeholder and load the provider's embed only when they choose to.
    embed_url = models.URLField(max_length=500, blank=True)

    class Meta:
        abstract = True


class Post(PostFields):
    # The named states and the moves between them are in liveblogs.lifecycle.
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        DELETED = "deleted", _("Deleted")
        REMOVED = "removed", _("Removed (legal)")

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="posts")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    # When a scheduled post goes live (UTC); kept after publishing as a record.
    scheduled_for = models.DateTimeField(null=True, blank=True)
    # An editor's note when sending a submission back; the contributor sees it.
    review_note = models.CharField(max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Legal takedown: when and why (the reason is for staff, never readers).
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(max_length=500, blank=True)

    # In the order the writer set (PostByline.position); read through
    # `byline_profiles`/`bylines`, written by actions.set_bylines.
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="bylined_posts", through="PostByline"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="Set when a published post is changed.")
    deleted_at = models.DateTimeField(null=True, blank=True)
    is_key_event = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    # Optimistic versioning: every change to the row adds one, so a desk form
    # loaded at version N can tell it is stale when saved.
    version = models.PositiveIntegerField(default=1)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            # The reader timeline and its cursor pagination walk this index.
            models.Index(fields=["blog", "-published_at", "-id"], name="post_timeline_idx"),
            # Key events are few in a long blog: their own small index keeps
            # the key-events list one short walk, not a scan of every post.
            models.Index(
                fields=["blog", "-published_at", "-id"], condition=Q(is_key_event=True), name="post_key_events_idx"
            ),
            # The desk's drafts, approval queue and schedule, and the
            # scheduler's "what is due" walk: small partial indexes, never
            # the timeline's.
            models.Index(
                fields=["blog", "state"], condition=Q(state__in=["draft", "submitted", "scheduled"]),
                name="post_unpublished_idx",
            ),
            models.Index(fields=["scheduled_for", "id"], condition=Q(state="scheduled"), name="post_scheduled_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["blog"], condition=Q(is_pinned=True), name="one_pinned_post_per_blog"),
        ]

    def __str__(self):
        return self.headline or self.article_headline or f"Post {self.pk}"

    def get_absolute_url(self):
        return f"{reverse('liveblogs:blog', args=[self.blog.slug])}?around={self.pk}#post-{self.pk}"

    @property
    def absolute_url(self):
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def title(self) -> str:
        return self.headline or self.article_headline or ""

    @property
    def plain_text(self) -> str:
        # Block ends become spaces so words from adjacent paragraphs do not run together.
        body = re.sub(r"</(?:p|li|blockquote|h\d)>|<br\s*/?>", " ", self.body or "")
        parts = [" ".join(strip_tags(body).split())]
        if self.kind == self.Kind.ARTICLE:
            parts += [
                self.article_author and f"{self.article_author} writes:",
                self.article_headline,
                self.article_standfirst,
            ]
        return " ".join(p.strip() for p in parts if p and p.strip())

    @property
    def cursor(self) -> str:
        """Opaque pagination position: this post's (published time, id)."""
        return f"{int(self.published_at.timestamp() * 1_000_000)}.{self.pk}"

    @property
    def embed(self):
        from liveblogs.embeds import recognise

        return recognise(self.embed_url) if self.embed_url else None

    @property
    def bylines(self) -> list:
        # Uses the prefetched bylines; never a query per post on reader pages.
        return [a.byline for a in self.byline_profiles]

    @property
    def byline_profiles(self) -> list:
        """The authors in byline order, for the card's "About the authors":
        name, role, bio. Uses bylines_prefetch() when it ran."""
        if hasattr(self, "prefetched_bylines"):
            return [row.user for row in self.prefetched_bylines]
        if self.pk is None:
            return []
        return [row.user for row in self.byline_rows.select_related("user").order_by("position", "id")]

    @property
    def corrections(self) -> list["PostRevision"]:
        """Public corrections, oldest first: the revisions that carry a note."""
        if hasattr(self, "prefetched_corrections"):
            return self.prefetched_corrections
        return list(self.revisions.exclude(correction_note="").order_by("number"))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_unpublished(self) -> bool:
        return self.state in UNPUBLISHED_STATES


UNPUBLISHED_STATES = (Post.State.DRAFT, Post.State.SUBMITTED, Post.State.SCHEDULED)


class PostByline(models.Model):
    """One person on a post's byline, at `position` (0 first): the order the
    writer chose, shown the same everywhere (card, API, feeds, JSON-LD)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="byline_rows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("post byline")
        verbose_name_plural = _("post bylines")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_byline_per_post_user")]

    def __str__(self):
        return f"{self.user_id} at {self.position} on {self.post_id}"


# What a revision keeps: everything a reader reads in the post card.
REVISION_FIELDS = (
    "kind", "headline", "label", "body",
    "article_url", "article_author", "article_headline", "article_standfirst", "image_id", "embed_url",
)


class PostRevision(PostFields):
    """One saved version of a post: written by publish_post and by every
    edit_post that changes what readers read (or carries a correction)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="1 for the published post, then one more per save.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Plain text, shown to readers on the post as "Correction, 14:05: …".
    correction_note = models.CharField(max_length=500, blank=True)
    restored_from = models.PositiveIntegerField(
        null=True, blank=True, help_text="The revision number this save restored."
    )

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="one_revision_per_post_number")]

    def __str__(self):
        return f"Post {self.post_id} revision {self.number}"

    def snapshot(self) -> dict:
        return {name: getattr(self, name) for name in REVISION_FIELDS}

    @property
    def title(self) -> str:
        return self.headline or self.article_headline or ""


class BlogAssignment(models.Model):
    """A contributor or reporter on a blog's team: reporters publish only to
    blogs they are assigned to, contributors submit only to them. Editors and
    admins work on every blog and need no assignment."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blog_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blog assignment")
        verbose_name_plural = _("blog assignments")
        constraints = [models.UniqueConstraint(fields=["blog", "user"], name="one_assignment_per_blog_user")]

    def __str__(self):
        return f"{self.user_id} on {self.blog_id}"


class AuditEntry(models.Model):
    """Who did what to a blog or post, and when; written by every action in
    liveblogs.actions inside the transaction that made the change."""

    class Action(models.TextChoices):
        CREATE_BLOG = "create_blog", _("Created the blog")
        UPDATE_BLOG = "update_blog", _("Changed the blog's details")
        OPEN_BLOG = "open_blog", _("Opened the blog")
        CLOSE_BLOG = "close_blog", _("Closed the blog")
        REOPEN_BLOG = "reopen_blog", _("Reopened the blog")
        SHARE_PREVIEW = "share_preview", _("Made a preview link")
        REVOKE_PREVIEWS = "revoke_previews", _("Withdrew all preview links")
        PUBLISH_POST = "publish_post", _("Published a post")
        EDIT_POST = "edit_post", _("Edited a post")
        CORRECT_POST = "correct_post", _("Corrected a post")
        RESTORE_REVISION = "restore_revision", _("Restored an earlier version")
        DELETE_POST = "delete_post", _("Deleted a post")
        RESTORE_POST = "restore_post", _("Restored a deleted post")
        PIN_POST = "pin_post", _("Pinned a post")
        UNPIN_POST = "unpin_post", _("Unpinned a post")
        MARK_KEY_EVENT = "mark_key_event", _("Marked a key event")
        UNMARK_KEY_EVENT = "unmark_key_event", _("Unmarked a key event")
        SUBMIT_POST = "submit_post", _("Submitted a post for approval")
        APPROVE_POST = "approve_post", _("Approved a post")
        SEND_BACK_POST = "send_back_post", _("Sent a post back")
        SCHEDULE_POST = "schedule_post", _("Scheduled a post")
        UNSCHEDULE_POST = "unschedule_post", _("Took a post off the schedule")
        REMOVE_POST = "remove_post", _("Removed a post (legal)")
        ASSIGN_STAFF = "assign_staff", _("Added someone to the blog's team")
        UNASSIGN_STAFF = "unassign_staff", _("Removed someone from the blog's team")
        # Readers' questions to the desk (community.actions): the inbox's audit trail.
        ANSWER_QUESTION = "answer_question", _("Answered a reader's question")
        DISMISS_QUESTION = "dismiss_question", _("Dismissed a reader's question")
        ADD_POLL = "add_poll", _("Added a poll")
        CLOSE_POLL = "close_poll", _("Closed a poll")
        # Ad and sponsor slots between posts (liveblogs.slots), set in the admin or on Edit details.
        SET_AD_SLOTS = "set_ad_slots", _("Changed the ad slots")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=32, choices=Action.choices)
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="audit_entries")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries")
    created_at = models.DateTimeField(default=timezone.now)
    # {"field": [before, after], …} for the fields that changed; long text is
    # shortened (liveblogs.audit.changes), the revisions keep it in full.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["blog", "-created_at", "-id"], name="audit_blog_idx"),
            models.Index(fields=["post", "-created_at", "-id"], name="audit_post_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        return audit_rows(self.changes)


class PublishKey(models.Model):
    """A key someone published with (the compose form's one-time key, the
    API's Idempotency-Key) and the post it made: liveblogs.idempotency.
    Written in the publish's transaction, so it exists if and only if the
    post does; unique per person, so the database refuses a second post
    with one key even when the two sends go to different blogs (each blog
    has a lock of its own)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("publishing key")
        verbose_name_plural = _("publishing keys")
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="one_post_per_person_key")]

    def __str__(self):
        return f"{self.person_id}:{self.key}"


class BlogEvent(LogEvent):
    """One reader-visible change to a blog, in sequence (seq, kind, payload:
    LogEvent). `payload` is the JSON readers receive (post-card HTML
    included), encoded once when written."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="events")
    post_id_ref = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("blog event")
        verbose_name_plural = _("blog events")
        constraints = [models.UniqueConstraint(fields=["blog", "seq"], name="one_event_per_blog_seq")]

    def __str__(self):
        return f"{self.blog_id}#{self.seq} {self.kind}"


class DeskPresence(models.Model):
    """Who has a blog's desk page open, and which post they are editing:
    one row per person and blog, refreshed by the desk's heartbeat
    (liveblogs.presence); rows older than the heartbeat's window are ignored."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("desk presence")
        verbose_name_plural = _("desk presences")
        constraints = [models.UniqueConstraint(fields=["blog", "user"], name="one_presence_per_blog_user")]
        indexes = [models.Index(fields=["blog", "-seen_at"], name="presence_blog_idx")]


class Image(models.Model):
    """An uploaded picture: only its re-encoded renditions are kept (no
    original, so no EXIF or GPS). Files live in Django's default storage
    (liveblogs.media); `renditions` lists them, narrowest first."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="images")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    alt_text = models.CharField(max_length=300)
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=120, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # [{"width": 480, "height": 320, "name": "liveblogs/…/480.webp"}, …]
    renditions = models.JSONField(default=list)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text

    def _url(self, name: str) -> str:
        from django.core.files.storage import default_storage

        return default_storage.url(name)

    @property
    def src(self) -> str:
        """The fallback: the widest rendition up to 960 px."""
        fitting = [r for r in self.renditions if r["width"] <= 960] or self.renditions[:1]
        return self._url(fitting[-1]["name"]) if fitting else ""

    def rendition_at_least(self, width: int) -> dict | None:
        """The narrowest rendition at least `width` wide, else the widest."""
        if not self.renditions:
            return None
        wide = [r for r in self.renditions if r["width"] >= width]
        return min(wide, key=lambda r: r["width"]) if wide else max(self.renditions, key=lambda r: r["width"])

    def absolute_url_at_least(self, width: int) -> str:
        """For link previews and structured data, which need a full URL."""
        r = self.rendition_at_least(width)
        if r is None:
            return ""
        url = self._url(r["name"])
        return settings.SITE_URL + url if url.startswith("/") else url

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self._url(r['name'])} {r['width']}w" for r in self.renditions)

    @property
    def credit_line(self) -> str:
        return " — ".join(p for p in (self.caption, self.credit) if p)


class ReaderSample(models.Model):
    """How many readers had a live blog's stream open at one minute
    (liveblogs.analytics.sample_readers, run by the job worker): the desk's
    "readers now" figure, written once a minute while the blog is live. A
    count only, nothing about who."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="reader_samples")
    # The start of the minute (UTC): the unique pair makes a second run in
    # the same minute, by this worker or another, write nothing.
    taken_at = models.DateTimeField()
    readers = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("reader count sample")
        verbose_name_plural = _("reader count samples")
        constraints = [models.UniqueConstraint(fields=["blog", "taken_at"], name="reader_sample_once_a_minute")]
        ordering = ["taken_at"]


class SlotFill(models.Model):
    """What an ad slot between posts shows (liveblogs.slots): a sponsor card
    (name, logo, text, link, labelled "Sponsored") or an HTML snippet from an
    ad desk, sanitised when saved (richtext.sanitise_slot_html: no script,
    no style, no event handler). Set up by an operator in the admin."""

    class Kind(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor card")
        HTML = "html", _("HTML snippet")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SPONSOR)
    # The sponsor's name on the card; for a snippet, the admin's name for it.
    name = models.CharField(_("name"), max_length=120)
    text = models.CharField(_("text"), max_length=300, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    logo_url = models.URLField(
        _("logo address"), max_length=500, blank=True, help_text=_("An https address of the sponsor's logo."),
    )
    # An uploaded logo, re-encoded by liveblogs.media like every picture:
    # [{"width", "height", "name"}, …], narrowest first. Wins over logo_url.
    logo_renditions = models.JSONField(default=list, blank=True)
    # Sanitised HTML: only ever written through richtext.sanitise_slot_html.
    html = models.TextField(_("HTML snippet"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ad or sponsor card")
        verbose_name_plural = _("ads and sponsor cards")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def logo_src(self) -> str:
        if self.logo_renditions:
            from django.core.files.storage import default_storage

            return default_storage.url(self.logo_renditions[0]["name"])
        return self.logo_url

    @property
    def logo_size(self) -> tuple[int, int] | None:
        if self.logo_renditions:
            return self.logo_renditions[0]["width"], self.logo_renditions[0]["height"]
        return None


class SlotPlan(models.Model):
    """Ad slots on one blog: one after every `every` posts, counted from the
    blog's first post, the newest `cap` of them shown, each filled by `fill`.
    No plan, no slots (the default). Written by actions.set_ad_slots, which
    tells open pages and caches."""

    blog = models.OneToOneField(
        LiveBlog, on_delete=models.CASCADE, related_name="slot_plan", verbose_name=_("live blog")
    )
    every = models.PositiveSmallIntegerField(
        _("a slot every"), default=5, validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_("Number of posts between two slots, counted from the first post of the coverage."),
    )
    cap = models.PositiveSmallIntegerField(
        _("at most"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Slots shown on the blog at most: the newest stay, older ones go."),
    )
    fill = models.ForeignKey(SlotFill, on_delete=models.PROTECT, related_name="plans", verbose_name=_("filled with"))

    class Meta:
        verbose_name = _("ad slots on a blog")
        verbose_name_plural = _("ad slots on blogs")

    def __str__(self):
        return str(self.blog)


class TrafficHour(models.Model):
    """What readers' pages did in one hour of a blog (UTC), counted by the
    page's own beacon (liveblogs.beacon) and added up by each server process
    before it writes: page views, permalink opens, shares, and the minutes
    readers spent on the polling fallback instead of the stream (each
    polling page says so once a minute). Counts only, nothing about who."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="traffic_hours")
    hour = models.DateTimeField()  # the start of the hour, UTC
    page_views = models.PositiveIntegerField(default=0)
    permalink_opens = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)
    polling_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("hour of page traffic")
        verbose_name_plural = _("hours of page traffic")
        constraints = [models.UniqueConstraint(fields=["blog", "hour"], name="traffic_once_an_hour")]
        ordering = ["hour"]


class PostTraffic(models.Model):
    """How often one post's permalink was opened and its share button used,
    over the whole coverage: the desk's "top posts". Counts only."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, primary_key=True, related_name="traffic")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    permalink_opens = models.PositiveIntegerField(default=0)
    shares = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("post traffic")
        verbose_name_plural = _("post traffic")
