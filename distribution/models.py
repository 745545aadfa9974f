"""What distribution keeps: the log consumers' saved positions and the search
index (issue 7). The API tokens and webhooks live in their own modules'
models below, all in this one file so there is one migration history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liveblogs.models import LiveBlog, Post
from realtime.eventlog import LogPosition


class LogConsumer(LogPosition):
    """How far one consumer (search indexing, webhooks) has read one blog's
    event log (name, epoch, last_seq: realtime.eventlog.LogPosition). Read and
    advanced under a row lock in the transaction that does the consumer's
    work, so a restart resumes exactly where it stopped."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("event log consumer")
        verbose_name_plural = _("event log consumers")
        constraints = [models.UniqueConstraint(fields=["name", "blog"], name="one_position_per_consumer_blog")]

    def __str__(self):
        return f"{self.name} @ {self.blog_id}#{self.last_seq}"


class TextSearchConfigField(models.CharField):
    """A PostgreSQL text-search configuration ("german"): a `regconfig` column
    there, so the generated tsvector can be built with it (to_tsvector is
    immutable only with a regconfig); plain text elsewhere."""

    def db_type(self, connection):
        return "regconfig" if connection.vendor == "postgresql" else super().db_type(connection)


@TextSearchConfigField.register_lookup
class _ConfigExact(models.lookups.Exact):
    # regconfig = 'german' would read 'german' as an oid: name the type.
    def process_rhs(self, compiler, connection):
        sql, params = super().process_rhs(compiler, connection)
        return (f"({sql})::regconfig", params) if connection.vendor == "postgresql" else (sql, params)


class SearchEntry(models.Model):
    """One searchable thing: a public blog or a visible post, as plain text.
    The full-text index over it is the database's own (distribution/search.py):
    an FTS5 table kept in step by triggers on SQLite, a generated tsvector
    column with a GIN index on PostgreSQL. Only distribution.indexing writes it."""

    class Kind(models.TextChoices):
        BLOG = "blog", _("Live blog")
        POST = "post", pgettext_lazy("search result kind", "Post")

    kind = models.CharField(max_length=4, choices=Kind.choices)
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField()
    # The blog's language's text-search configuration (search.text_search_config):
    # PostgreSQL stems `document` and the query with it; SQLite ignores it.
    config = TextSearchConfigField(max_length=32, default="simple")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["blog"], condition=Q(kind="blog"), name="one_search_entry_per_blog"),
            models.UniqueConstraint(fields=["post"], name="one_search_entry_per_post"),
        ]

    def __str__(self):
        return f"{self.kind} {self.post_id or self.blog_id}: {self.title[:40]}"


class ApiToken(models.Model):
    """A newsroom member's key to the REST API. Only a SHA-256 digest of the
    secret is kept: the secret is shown once, when it is created. Tokens are
    long random strings, so a plain fast hash is enough to make a leaked
    table useless (as for GitHub's tokens); no password hashing is needed."""

    class Scope(models.TextChoices):
        READ = "read", _("Read (drafts the owner may see in the desk)")
        POST = "post", _("Post (publish new posts)")
        EDIT = "edit", _("Edit (change, delete and pin posts)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text=_("What the token is for, e.g. “Wire importer”."))
    prefix = models.CharField(max_length=16, help_text=_("The secret's first characters, to recognise it."))
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class Webhook(models.Model):
    """An outside URL told about a blog's events (or every blog's, when
    `blog` is empty). Registered by editors in the desk; deliveries are
    signed with `secret` (distribution/webhooks.py)."""

    # What may be subscribed to: the event log's kinds (liveblogs.events.Kind).
    EVENTS = [
        ("post.published", _("Post published")),
        ("post.updated", _("Post edited (text, correction or key event)")),
        ("post.deleted", _("Post deleted")),
        ("post.restored", _("Deleted post restored")),
        ("post.pinned", _("Post pinned")),
        ("post.unpinned", _("Post unpinned")),
        ("blog.opened", "Blog opened"),
        ("blog.closed", "Blog closed"),
        ("blog.updated", "Blog headline or standfirst changed"),
    ]
    DEFAULT_EVENTS = ["post.published", "post.updated", "post.deleted", "blog.opened", "blog.closed"]

    blog = models.ForeignKey(LiveBlog, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    # Kept as it is: the sender needs it to sign. Shown to editors in the desk.
    secret = models.CharField(max_length=80)
    events = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.url} ({self.blog.slug if self.blog_id else 'all blogs'})"

    def wants(self, kind: str) -> bool:
        return kind in self.events


class WebhookDelivery(models.Model):
    """One event for one webhook: the exact body sent, and how each attempt went."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RETRYING = "retrying", _("Failed, will retry")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Gave up")
        SKIPPED = "skipped", _("Not sent (webhook off)")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    # Empty for a test event (`ping`, sent from the desk), which belongs to no blog.
    blog = models.ForeignKey(LiveBlog, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    epoch = models.PositiveIntegerField()
    seq = models.PositiveBigIntegerField()
    event = models.CharField(max_length=32)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_response_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "blog", "epoch", "seq"], name="one_delivery_per_webhook_event"),
        ]
        indexes = [models.Index(fields=["webhook", "-id"], name="webhook_delivery_recent_idx")]

    def __str__(self):
        return f"{self.event} #{self.seq} → {self.webhook_id} ({self.status})"

    @property
    def is_test(self) -> bool:
        return self.blog_id is None
