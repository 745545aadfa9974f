"""Comments, their log, reactions, reports, standing, follows and notifications."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from liveblogs.models import LiveBlog
from realtime import eventlog
from realtime.eventlog import LogEvent, LogHead

User = settings.AUTH_USER_MODEL


class Thread(LogHead):
    """One comment thread per live blog; also the head of its comments log
    (head_seq and epoch: LogHead, written only under this row's lock)."""

    blog = models.OneToOneField(LiveBlog, on_delete=models.CASCADE, primary_key=True, related_name="comment_thread")
    comment_count = models.PositiveIntegerField(default=0)  # published comments
    closed = models.BooleanField(default=False, help_text=_("No new comments (an ended blog is read-only too)."))
    premoderate = models.BooleanField(default=False, help_text=_("Hold every new comment for a moderator."))

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")

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
            return gettext("This live blog has ended; its comments are read-only.")
        if self.closed or self.auto_closed:
            return gettext("Comments are closed on this live blog.")
        if self.blog.status != LiveBlog.Status.LIVE:
            return gettext("Comments open when the live blog starts.")
        return ""


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def for_cards(self):
        return self.select_related("author", "reply_to", "blog")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        DELETED = "deleted", _("Deleted by its author")

    class Badge(models.TextChoices):
        NONE = "", _("None")
        STAFF = "staff", _("Staff")
        JOURNALIST = "journalist", _("Journalist on this blog")
        MODERATOR = "moderator", _("Moderator")

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
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["blog", "status", "-created_at"], name="comment_thread_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]

    @property
    def tag_labels(self) -> list[str]:
        from community.pipeline import tag_labels

        return tag_labels(self.tags)

    def __str__(self):
        return f"Comment {self.pk} by {self.author_name}"

    @property
    def author_name(self) -> str:
        return self.author.byline if self.author_id else gettext("A former reader")

    def editable_until(self):
        return self.created_at + timedelta(seconds=settings.COMMUNITY_EDIT_WINDOW_SECONDS)

    def get_absolute_url(self):
        return f"/live/{self.blog.slug}/comments/#comment-{self.pk}"


class CommentEvent(LogEvent):
    """One change readers of a thread see (seq, kind, payload as sent:
    LogEvent); (blog, seq) unique."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("comment event")
        verbose_name_plural = _("comment events")
        constraints = [models.UniqueConstraint(fields=["blog", "seq"], name="comment_event_seq_unique")]


class Like(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_reader")]


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or harassing")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        MISINFORMATION = "misinformation", _("False or misleading")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader")]


class Standing(models.Model):
    """A reader's standing in the community: suspension, ban, notes."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="community_standing")
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    banned = models.BooleanField(default=False)
    ban_reason = models.CharField(max_length=300, blank=True)
    always_premoderate = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text=_("Moderators' notes; never shown to the reader."))

    class Meta:
        verbose_name = _("community standing")
        verbose_name_plural = _("community standings")

    def is_suspended(self, now=None) -> bool:
        return bool(self.suspended_until and self.suspended_until > (now or timezone.now()))


class StandingChange(models.Model):
    """Who suspended, banned, lifted, unbanned, pre-moderated or annotated a
    reader, when, and why: written by community.actions in the transaction
    that changed the reader's Standing, shown on the moderator's person page."""

    class Action(models.TextChoices):
        SUSPEND = "suspend", _("Suspended")
        LIFT = "lift", _("Lifted the suspension")
        BAN = "ban", _("Banned")
        UNBAN = "unban", _("Unbanned")
        PREMODERATE = "premoderate", _("Always pre-moderated")
        TRUST = "trust", _("Stopped pre-moderating")
        NOTE = "note", _("Changed the notes")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    reason = models.CharField(max_length=300, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("standing change")
        verbose_name_plural = _("standing changes")
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="standing_change_user_idx")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followee")), name="no_self_follow"),
        ]


class Mute(models.Model):
    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="mute_once")]


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies to my comments")
        LIKE = "like", _("Likes on my comments")
        FOLLOWED_COMMENT = "followed_comment", _("New comments by people I follow")
        FEATURED = "featured", _("My comment featured")
        REJECTED = "rejected", _("My comment rejected")
        KEY_EVENT = "key_event", _("Key events on live blogs I follow")
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
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
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
            return gettext("Key event on %(blog)s: %(title)s") % {
                "blog": self.blog.headline if self.blog_id else gettext("a live blog"),
                "title": self.title or gettext("a new update"),
            }
        who = self.actor.byline if self.actor_id else gettext("Someone")
        blog = self.comment.blog.headline if self.comment_id else ""
        if self.kind == self.Kind.REPLY:
            return gettext("%(who)s replied to your comment on %(blog)s") % {"who": who, "blog": blog}
        if self.kind == self.Kind.LIKE:
            others = self.count - 1
            if not others:
                return gettext("%(who)s liked your comment on %(blog)s") % {"who": who, "blog": blog}
            return ngettext(
                "%(who)s and %(others)d other liked your comment on %(blog)s",
                "%(who)s and %(others)d others liked your comment on %(blog)s",
                others,
            ) % {"who": who, "others": others, "blog": blog}
        if self.kind == self.Kind.FOLLOWED_COMMENT:
            return gettext("%(who)s commented on %(blog)s") % {"who": who, "blog": blog}
        if self.kind == self.Kind.FEATURED:
            return gettext("Your comment on %(blog)s was featured") % {"blog": blog}
        # The reason was stored in English when it is one of the offered ones
        # (forms.RejectForm.REASONS, the pipeline's): shown in the reader's language.
        reason = gettext(self.reason) if self.reason else gettext("it breaks the community rules")
        return gettext("Your comment on %(blog)s was not published: %(reason)s") % {"blog": blog, "reason": reason}


class BlogFollow(models.Model):
    """A reader who wants to hear of a live blog's key events."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("blog follow")
        verbose_name_plural = _("blog follows")
        constraints = [models.UniqueConstraint(fields=["user", "blog"], name="follow_blog_once")]


class LogPosition(eventlog.LogPosition):
    """How far the key-event alerts (community.keyevents) have read one
    blog's event log (name, epoch, last_seq: realtime.eventlog.LogPosition)."""

    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("notification log position")
        verbose_name_plural = _("notification log positions")
        constraints = [models.UniqueConstraint(fields=["name", "blog"], name="community_one_position_per_blog")]


class EmailPreference(models.Model):
    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Email me at once")
        HOURLY = "hourly", _("Hourly digest")
        DAILY = "daily", _("Daily digest")
        OFF = "off", _("No email")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
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
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            models.Index(fields=["blog", "status", "-created_at"], name="question_inbox_idx"),
            models.Index(fields=["author", "-created_at"], name="question_author_idx"),
        ]

    @property
    def tag_labels(self) -> list[str]:
        from community.pipeline import tag_labels

        return tag_labels(self.tags)

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

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
