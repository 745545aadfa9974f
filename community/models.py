"""Comments, their log, reactions, reports, standing, follows and notifications."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liveblogs.models import LiveBlog

User = settings.AUTH_USER_MODEL


class Thread(models.Model):
    """One comment thread per live blog; also the head of its comments log."""

    blog = models.OneToOneField(LiveBlog, on_delete=models.CASCADE, primary_key=True, related_name="comment_thread")
    # The comments log's head and epoch; written only under this row's lock.
    head_seq = models.PositiveBigIntegerField(default=0)
    epoch = models.PositiveIntegerField(default=1)
    comment_count = models.PositiveIntegerField(default=0)  # published comments
    closed = models.BooleanField(default=False, help_text="No new comments (an ended blog is read-only too).")
    premoderate = models.BooleanField(default=False, help_text="Hold every new comment for a moderator.")

    def __str__(self):
        return f"Comments on {self.blog}"

    @property
    def auto_closed(self) -> bool:
        days = settings.COMMUNITY_AUTO_CLOSE_DAYS
        opened = self.blog.opened_at
        return bool(days and opened and timezone.now() - opened > timedelta(days=days))

    @property
    def accepts_comments(self) -> bool:
        return not self.closed and self.blog.status == LiveBlog.Status.LIVE and not self.auto_closed

    @property
    def closed_reason(self) -> str:
        if self.blog.status == LiveBlog.Status.ENDED:
            return "This live blog has ended; its comments are read-only."
        if self.closed or self.auto_closed:
            return "Comments are closed on this live blog."
        if self.blog.status != LiveBlog.Status.LIVE:
            return "Comments open when the live blog starts."
        return ""


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def for_cards(self):
        return self.select_related("author", "reply_to", "blog")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        DELETED = "deleted", "Deleted by its author"

    class Badge(models.TextChoices):
        NONE = "", "None"
        STAFF = "staff", "Staff"
        JOURNALIST = "journalist", "Journalist on this blog"
        MODERATOR = "moderator", "Moderator"

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="comments")
    # Null once the author's account is deleted: the comment stays, anonymised.
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    depth = models.PositiveSmallIntegerField(default=0)
    # Set when a reply was attached higher up because of the depth cap.
    reply_to = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()  # the Markdown the author wrote
    body_html = models.TextField()  # rendered and sanitised
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    tags = models.JSONField(default=list, blank=True)  # pipeline reasons: ["links", "first_comment"]
    rejection_reason = models.CharField(max_length=300, blank=True)
    badge = models.CharField(max_length=12, choices=Badge.choices, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    is_featured = models.BooleanField(default=False)
    moderated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    promoted_post_id = models.PositiveBigIntegerField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["blog", "status", "-created_at"], name="comment_thread_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    def __str__(self):
        return f"Comment {self.pk} by {self.author_name}"

    @property
    def author_name(self) -> str:
        return self.author.byline if self.author_id else "A former reader"

    def editable_until(self):
        return self.created_at + timedelta(seconds=settings.COMMUNITY_EDIT_WINDOW_SECONDS)

    def get_absolute_url(self):
        return f"/live/{self.blog.slug}/comments/#comment-{self.pk}"


class CommentEvent(models.Model):
    """One change readers of a thread see: (blog, seq) unique, payload as sent."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    payload = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blog", "seq"], name="comment_event_seq_unique")]


class Like(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_reader")]


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", "Abusive or harassing"
        SPAM = "spam", "Spam or advertising"
        OFF_TOPIC = "off_topic", "Off topic"
        MISINFORMATION = "misinformation", "False or misleading"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class Standing(models.Model):
    """A reader's standing in the community: suspension, ban, notes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="community_standing")
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    banned = models.BooleanField(default=False)
    ban_reason = models.CharField(max_length=300, blank=True)
    always_premoderate = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text="Moderators' notes; never shown to the reader.")

    def is_suspended(self, now=None) -> bool:
        return bool(self.suspended_until and self.suspended_until > (now or timezone.now()))


class StandingChange(models.Model):
    """Who suspended, banned, lifted, unbanned, pre-moderated or annotated a
    reader, when, and why: written by community.actions in the transaction
    that changed the reader's Standing, shown on the moderator's person page."""

    class Action(models.TextChoices):
        SUSPEND = "suspend", "Suspended"
        LIFT = "lift", "Lifted the suspension"
        BAN = "ban", "Banned"
        UNBAN = "unban", "Unbanned"
        PREMODERATE = "premoderate", "Always pre-moderated"
        TRUST = "trust", "Stopped pre-moderating"
        NOTE = "note", "Changed the notes"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.CharField(max_length=300, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="standing_change_user_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followee")), name="no_self_follow"),
        ]


class Mute(models.Model):
    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="mute_once")]


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "Replies to my comments"
        LIKE = "like", "Likes on my comments"
        FOLLOWED_COMMENT = "followed_comment", "New comments by people I follow"
        FEATURED = "featured", "My comment featured"
        REJECTED = "rejected", "My comment rejected"
        KEY_EVENT = "key_event", "Key events on live blogs I follow"
        ANSWERED = "answered", _("My question to the newsroom answered")

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=1)  # likes are batched into one row per comment
    # Key events: the blog, the post and its title when it was marked.
    blog = models.ForeignKey(LiveBlog, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    post_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["recipient", "read_at", "-updated_at"], name="notification_inbox_idx")]

    @property
    def url(self) -> str:
        if self.kind in (self.Kind.KEY_EVENT, self.Kind.ANSWERED) and self.blog_id:
            return f"/live/{self.blog.slug}/?around={self.post_id}#post-{self.post_id}"
        if self.comment_id:
            return self.comment.get_absolute_url()
        return ""

    @property
    def text(self) -> str:
        if self.kind == self.Kind.ANSWERED:
            return gettext("The newsroom answered your question on %(blog)s") % {
                "blog": self.blog.headline if self.blog_id else gettext("a live blog")}
        if self.kind == self.Kind.KEY_EVENT:
            return (
                f"Key event on {self.blog.headline if self.blog_id else 'a live blog'}: {self.title or 'a new update'}"
            )
        who = self.actor.byline if self.actor_id else "Someone"
        blog = self.comment.blog.headline if self.comment_id else ""
        if self.kind == self.Kind.REPLY:
            return f"{who} replied to your comment on {blog}"
        if self.kind == self.Kind.LIKE:
            others = self.count - 1
            extra = f" and {others} other{'s' if others != 1 else ''}" if others else ""
            return f"{who}{extra} liked your comment on {blog}"
        if self.kind == self.Kind.FOLLOWED_COMMENT:
            return f"{who} commented on {blog}"
        if self.kind == self.Kind.FEATURED:
            return f"Your comment on {blog} was featured"
        return f"Your comment on {blog} was not published: {self.reason or 'it breaks the community rules'}"


class BlogFollow(models.Model):
    """A reader who wants to hear of a live blog's key events."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "blog"], name="follow_blog_once")]


class LogPosition(models.Model):
    """How far a reader of the blogs' event log has got (key-event alerts)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.PositiveBigIntegerField(default=0)


class EmailPreference(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", "Email me at once"
        HOURLY = "hourly", "Hourly digest"
        DAILY = "daily", "Daily digest"
        OFF = "off", "No email"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    # What a reader gets before choosing.
    DEFAULTS = {
        "reply": "immediate",
        "like": "daily",
        "followed_comment": "daily",
        "featured": "immediate",
        "rejected": "immediate",
        "key_event": "immediate",
        "answered": "immediate",
    }


class QuestionQuerySet(models.QuerySet):
    def waiting(self):
        """The desk inbox: neither answered, dismissed nor rejected."""
        return self.filter(status=Question.Status.NEW)


class Question(models.Model):
    """A reader's question to the newsroom ("Ask the newsroom"). It passes
    the moderation pipeline's checks that apply to it (community.pipeline.
    QUESTION_PHASES) and waits in the blog's desk inbox until a journalist
    answers it with a post, marks it answered or dismisses it."""

    class Status(models.TextChoices):
        NEW = "new", _("Waiting")
        ANSWERED = "answered", _("Answered")
        DISMISSED = "dismissed", _("Dismissed")
        REJECTED = "rejected", _("Rejected by moderation")

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="questions")
    # Null once the reader's account is deleted: the question stays, anonymous.
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    body = models.TextField()  # what the reader wrote (plain text, light Markdown)
    body_html = models.TextField()  # rendered and sanitised like a comment
    # The reader agreed to have their display name shown with the answer.
    show_name = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    tags = models.JSONField(default=list, blank=True)  # pipeline holds: shown to the desk as "Flagged"
    rejection_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    handled_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    answer_post_id = models.PositiveBigIntegerField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["blog", "status", "-created_at"], name="question_inbox_idx"),
            models.Index(fields=["author", "-created_at"], name="question_author_idx"),
        ]

    def __str__(self):
        return f"Question {self.pk} on {self.blog_id}"

    @property
    def asker_name(self) -> str:
        return self.author.byline if self.author_id else gettext("A former reader")

    @property
    def public_name(self) -> str:
        """The name that may go with the answer: only with the reader's consent."""
        return self.asker_name if self.show_name and self.author_id else ""


class ScheduledJob(models.Model):
    """When a periodic job (community/schedule.py) was last queued: the start
    of its period. Workers claim a period by moving this under a row lock, so
    however many workers run, each period's job is queued once."""

    name = models.CharField(max_length=60, primary_key=True)
    last_period = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
