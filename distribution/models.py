"""What distribution keeps: the log consumers' saved positions and the search
index (issue 7). The API tokens and webhooks live in their own modules'
models below, all in this one file so there is one migration history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from liveblogs.models import LiveBlog, Post


class LogConsumer(models.Model):
    """How far one consumer (search indexing, webhooks) has read one blog's
    event log. Read and advanced under a row lock in the transaction that does
    the consumer's work, so a restart resumes exactly where it stopped."""

    name = models.CharField(max_length=40)
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    # The log's epoch when last read: a restored log (new epoch) starts again.
    epoch = models.PositiveIntegerField(default=0)
    last_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "blog"], name="one_position_per_consumer_blog")]

    def __str__(self):
        return f"{self.name} @ {self.blog_id}#{self.last_seq}"


class SearchEntry(models.Model):
    """One searchable thing: a public blog or a visible post, as plain text.
    The full-text index over it is the database's own (distribution/search.py):
    an FTS5 table kept in step by triggers on SQLite, a generated tsvector
    column with a GIN index on PostgreSQL. Only distribution.indexing writes it."""

    class Kind(models.TextChoices):
        BLOG = "blog", "Live blog"
        POST = "post", "Post"

    kind = models.CharField(max_length=4, choices=Kind.choices)
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField()

    class Meta:
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
        READ = "read", "Read (drafts the owner may see in the desk)"
        POST = "post", "Post (publish new posts)"
        EDIT = "edit", "Edit (change, delete and pin posts)"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. “Wire importer”.")
    prefix = models.CharField(max_length=16, help_text="The secret's first characters, to recognise it.")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes
