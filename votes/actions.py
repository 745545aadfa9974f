"""Every write about polls and reactions.

Desk actions (add_poll, close_poll) change what a post card shows, so they
go through liveblogs' logged change: the blog's lock, an audit entry, and a
`post.updated` event with the card rendered again. Readers' votes and
reactions never touch the blog's log: they write their row and, after
commit, mark the poll or post for the next batched count (votes.batching)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liveblogs import audit
from liveblogs.actions import ActionError, logged_change
from liveblogs.events import Kind
from liveblogs.models import AuditEntry, Post
from votes import batching
from votes.models import MAX_ANSWERS, MIN_ANSWERS, Poll, PollVote, Reaction

MAX_QUESTION_CHARS = 200
MAX_ANSWER_CHARS = 120


class VoteError(Exception):
    """A vote or reaction that cannot count; the message is for the reader."""


class AlreadyVoted(VoteError):
    pass


class PollClosed(VoteError):
    pass


class PollInvalid(ActionError):
    """A poll the desk cannot add as written; `field` is the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Voter:
    """Who votes: a signed-in account, or an anonymous voter id (votes.voters)."""

    user: object = None
    voter: str = ""

    def __post_init__(self):
        if (self.user is None) == (not self.voter):
            raise ValueError("a vote is by an account or by a voter id, not both or neither")

    @property
    def key(self) -> str:
        return f"u{self.user.pk}" if self.user is not None else f"v{self.voter}"

    def filter(self) -> dict:
        return {"user": self.user} if self.user is not None else {"voter": self.voter}


def _reload(post_id: int) -> Post:
    return Post.objects.select_related("blog").for_cards().get(pk=post_id)


def _visible(post: Post) -> bool:
    return post.published_at is not None and post.deleted_at is None


# Desk ------------------------------------------------------------------------


def clean_poll(question: str, answers: list[str], closes_at: datetime | None) -> tuple[str, list[str]]:
    question = " ".join(question.split())
    answers = [" ".join(a.split()) for a in answers]
    answers = [a for a in answers if a]
    if not question:
        raise PollInvalid(_("Write the poll's question."), "question")
    if len(question) > MAX_QUESTION_CHARS:
        raise PollInvalid(_("Keep the question under %(n)d characters.") % {"n": MAX_QUESTION_CHARS}, "question")
    if len(answers) < MIN_ANSWERS:
        raise PollInvalid(_("Give at least %(n)d answers.") % {"n": MIN_ANSWERS})
    if len(answers) > MAX_ANSWERS:
        raise PollInvalid(_("Give at most %(n)d answers.") % {"n": MAX_ANSWERS})
    if any(len(a) > MAX_ANSWER_CHARS for a in answers):
        raise PollInvalid(_("Keep each answer under %(n)d characters.") % {"n": MAX_ANSWER_CHARS})
    if len({a.casefold() for a in answers}) != len(answers):
        raise PollInvalid(_("Two answers are the same: make each one different."))
    if closes_at is not None and closes_at <= timezone.now():
        raise PollInvalid(
            _("The closing time has passed: choose a later one, or leave it empty to close by hand."), "closes_at"
        )
    return question, answers


def add_poll(*, post: Post, by, question: str, answers: list[str], closes_at: datetime | None = None) -> Poll:
    """Add a poll to a post. A published post's card changes on open pages."""
    question, answers = clean_poll(question, answers, closes_at)
    if post.deleted_at is not None:
        raise ActionError(_("This post was deleted."))
    with logged_change(post.blog_id) as log:
        if Poll.objects.filter(post_id=post.pk).exists():
            raise ActionError(_("This post already has a poll."))
        poll = Poll.objects.create(
            post=post, blog_id=post.blog_id, question=question, answers=answers, closes_at=closes_at, created_by=by
        )
        log.audit(by, AuditEntry.Action.ADD_POLL, post=post, changes=audit.created({
            "question": question, "answers": answers,
            "closes": timezone.localtime(closes_at).strftime("%Y-%m-%d %H:%M") if closes_at else "",
        }))
        if _visible(post):
            log.append(Kind.POST_UPDATED, post=_reload(post.pk))
    if closes_at is not None:
        from votes.tasks import close_due_poll

        poll_id = poll.pk
        transaction.on_commit(lambda: close_due_poll.using(run_after=closes_at).enqueue(poll_id))
    return poll


def close_poll(*, poll: Poll, by, due_only: bool = False) -> Poll | None:
    """Stop the voting and keep the final count on the poll; its card shows
    the result. Waits for votes being written (they hold a share lock on the
    poll's row on PostgreSQL; SQLite writes one at a time), so the final
    count is every vote that was accepted. `due_only`: only if its closing
    time has come (the scheduled job). Returns None if nothing changed."""
    # Votes this process's fast lane accepted and has not written yet go in
    # first (votes.buffer), so the final count has them.
    from votes import buffer, fastlane

    buffer.write()
    fastlane.forget("poll", poll.pk)
    with logged_change(poll.blog_id) as log:
        locked = Poll.objects.select_for_update().filter(pk=poll.pk).first()
        if locked is None or locked.closed_at is not None:
            return None
        now = timezone.now()
        if due_only and (locked.closes_at is None or locked.closes_at > now):
            return None
        from votes.results import poll_counts

        counts = poll_counts([locked.pk])[locked.pk]
        locked.final_counts = [counts.get(i, 0) for i in range(len(locked.answers))]
        locked.closed_at = now
        locked.closed_by = by
        locked.save(update_fields=["final_counts", "closed_at", "closed_by"])
        post = Post.objects.get(pk=locked.post_id)
        log.audit(by, AuditEntry.Action.CLOSE_POLL, post=post, changes={
            "result": ["", ", ".join(f"{a}: {n}" for a, n in zip(locked.answers, locked.final_counts))],
        })
        if _visible(post):
            log.append(Kind.POST_UPDATED, post=_reload(post.pk))
    slug, poll_id = log.blog.slug, locked.pk
    transaction.on_commit(lambda: batching.mark(slug, "poll", poll_id))
    return locked


def close_due_poll(*, poll_id: int) -> Poll | None:
    poll = Poll.objects.filter(pk=poll_id).first()
    return close_poll(poll=poll, by=None, due_only=True) if poll else None


# Readers ---------------------------------------------------------------------


def _share_lock(poll_id: int) -> None:
    # A closing poll (close_poll) waits for the votes holding this, and votes
    # that come after it see the poll closed. SQLite's write lock does the same.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM votes_poll WHERE id = %s FOR SHARE", [poll_id])


def vote(*, poll_id: int, answer: int, who: Voter) -> Poll:
    """Count one vote. Raises AlreadyVoted the second time (the database's
    unique constraint decides, so two requests at once count once), and
    PollClosed once voting has stopped."""
    with transaction.atomic():
        _share_lock(poll_id)
        poll = Poll.objects.select_related("blog", "post").filter(pk=poll_id).first()
        if poll is None or not _visible(poll.post) or poll.blog.status == "draft":
            raise VoteError(_("There is no such poll."))
        if not poll.is_open():
            raise PollClosed(_("This poll has closed: no more votes are counted."))
        if not isinstance(answer, int) or not 0 <= answer < len(poll.answers):
            raise VoteError(_("Choose one of the answers."))
        try:
            with transaction.atomic():
                PollVote.objects.create(poll=poll, answer=answer, **who.filter())
        except IntegrityError:
            raise AlreadyVoted(_("You have already voted in this poll: each reader votes once.")) from None
    slug = poll.blog.slug
    transaction.on_commit(lambda: batching.mark(slug, "poll", poll_id))
    if who.voter:
        # The fast lane's "voted already" (votes.fastlane) learns of a vote cast
        # here (the no-JS page), so the script's second try is told 409 at once.
        transaction.on_commit(lambda: _seen(poll_id, who.voter, answer))
    return poll


def _seen(poll_id: int, voter: str, answer: int) -> None:
    from django.core.cache import cache

    from votes.fastlane import SEEN_SECONDS, seen_key

    try:
        cache.set(seen_key(poll_id, voter), answer, timeout=SEEN_SECONDS)
    except Exception:  # the counters' cache away: the database still decides "once"
        pass


def react(*, post: Post, kind: str | None, who: Voter) -> str | None:
    """Set, change or (kind None) take back a reader's reaction to a post:
    one per reader per post. Returns the reaction now."""
    blog = post.blog
    if not _visible(post) or blog.status == "draft":
        raise VoteError(_("There is no such update."))
    if not blog.reactions_enabled:
        raise VoteError(_("Reactions are turned off on this live blog."))
    if kind is not None and kind not in Reaction.Kind.values:
        raise VoteError(_("Choose one of the reactions."))
    with transaction.atomic():
        mine = Reaction.objects.filter(post=post, **who.filter())
        if kind is None:
            mine.delete()
        elif not mine.update(kind=kind):
            try:
                with transaction.atomic():
                    Reaction.objects.create(post=post, blog=blog, kind=kind, **who.filter())
            except IntegrityError:  # the same reader's other request got there first
                mine.update(kind=kind)
    slug, post_id = blog.slug, post.pk
    transaction.on_commit(lambda: batching.mark(slug, "post", post_id))
    return kind
