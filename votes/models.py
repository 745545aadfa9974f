"""What readers vote on inside a post: an editor's poll (one per post, 2-6
answers) and the fixed set of reactions. One vote per reader per poll and one
reaction per reader per post, by account for signed-in readers and by an
anonymous voter id (votes.voters) otherwise; the database's unique
constraints are what make "once" true under concurrent requests."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liveblogs.models import LiveBlog, Post

MIN_ANSWERS = 2
MAX_ANSWERS = 6


class Poll(models.Model):
    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    question = models.CharField(max_length=200)
    # The answers' texts in order; a vote stores its answer's index. Fixed once
    # the poll exists (votes would otherwise change meaning).
    answers = models.JSONField(default=list)
    # Voting stops at this time (UTC) if an editor has not closed it before.
    closes_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The final count per answer, written once when the poll closes, so a
    # closed poll's card shows its result without counting.
    final_counts = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self):
        return self.question

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and (self.closes_at is None or self.closes_at > now)

    @property
    def is_closed(self) -> bool:
        return not self.is_open()

    @property
    def final_results(self) -> list[dict]:
        """The card's results of a closed poll (final_counts set at close)."""
        from votes.results import shape

        return shape(self.answers, self.final_counts or [0] * len(self.answers))["answers"]

    @property
    def final_total(self) -> int:
        return sum(self.final_counts or [])


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    answer = models.PositiveSmallIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    voter = models.CharField(max_length=32, blank=True)  # an anonymous reader's id (votes.voters)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="one_vote_per_account"
            ),
            models.UniqueConstraint(fields=["poll", "voter"], condition=~Q(voter=""), name="one_vote_per_voter"),
        ]
        # The flusher's count is one walk of this index per poll.
        indexes = [models.Index(fields=["poll", "answer"], name="poll_vote_count_idx")]


class Reaction(models.Model):
    class Kind(models.TextChoices):
        # The symbol is what a sighted reader sees; the label is what a screen
        # reader says and what the no-JavaScript page shows beside it.
        LIKE = "like", pgettext_lazy("reaction", "Like")
        LOVE = "love", pgettext_lazy("reaction", "Love")
        WOW = "wow", pgettext_lazy("reaction", "Surprised")
        SAD = "sad", pgettext_lazy("reaction", "Sad")
        ANGRY = "angry", pgettext_lazy("reaction", "Angry")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    voter = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], condition=Q(user__isnull=False), name="one_reaction_per_account"
            ),
            models.UniqueConstraint(fields=["post", "voter"], condition=~Q(voter=""), name="one_reaction_per_voter"),
        ]
        indexes = [
            models.Index(fields=["post", "kind"], name="reaction_count_idx"),
            models.Index(fields=["blog", "post", "kind"], name="reaction_blog_idx"),
        ]


SYMBOLS = {"like": "👍", "love": "❤️", "wow": "😮", "sad": "😢", "angry": "😡"}


def reaction_choices() -> list[dict]:
    """The fixed set, in order: value, symbol, accessible label."""
    return [{"value": k.value, "symbol": SYMBOLS[k.value], "label": k.label} for k in Reaction.Kind]


# Short names for the no-JavaScript pages' headings and messages.
CLOSED_MESSAGE = _("This poll has closed.")
