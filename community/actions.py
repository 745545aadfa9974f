"""Every community write. Comment changes run in `_thread_change`, which in
one transaction locks the blog's thread row, lets the action change rows and
append comment events with the thread's next sequence numbers, and stores
the new head; readers are woken (`realtime.signal("comments", …)`) only after
commit. The blog's own log, page cache and ETag are never touched."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from community import pipeline
from community.events import Kind, encode
from community.models import (
    Comment,
    CommentEvent,
    EmailPreference,
    Follow,
    Like,
    Mute,
    Notification,
    Report,
    Standing,
    StandingChange,
    Thread,
)
from community.rendering import clean_source, plain_text, render
from community.stream import SOURCE
from realtime.eventlog import Appender, appending


class CommentError(Exception):
    """A request the community cannot carry out; the message is for the reader."""


class Refused(CommentError):
    pass


class _Log(Appender):
    """A thread's comments log inside `_thread_change`."""

    event_model = CommentEvent
    source = SOURCE

    def __init__(self, thread: Thread):
        super().__init__(thread)
        self.thread = thread

    def stream_key(self) -> str:
        return self.thread.blog.slug

    def append(self, kind: str, comment: Comment | None = None):
        event = self.add(CommentEvent(blog_id=self.thread.blog_id, seq=self.next_seq(), kind=kind))
        event._comment = comment  # rendered in before_write, once the action's rows are final

    def before_write(self) -> list[str]:
        if not self.pending:
            return []
        thread = self.thread
        thread.comment_count = Comment.objects.filter(blog_id=thread.blog_id, status=Comment.Status.PUBLISHED).count()
        for event in self.pending:
            comment = event._comment
            if comment is not None and event.kind != Kind.REMOVED:
                comment = Comment.objects.for_cards().get(pk=comment.pk)
            event.payload = encode(seq=event.seq, kind=event.kind, thread=thread, comment=comment)
        return ["comment_count"]


@contextmanager
def _thread_change(blog):
    """Lock the blog's thread, let the caller change comments and append
    events, then write them and the new head (realtime.eventlog)."""
    with transaction.atomic():
        Thread.objects.get_or_create(blog_id=blog.pk)
        with appending(_Log, Thread.objects.select_related("blog").filter(blog_id=blog.pk)) as log:
            yield log


def standing_of(user) -> Standing | None:
    return Standing.objects.filter(user=user).first()


def _badge(user, blog) -> str:
    if user.role == "moderator":
        return Comment.Badge.MODERATOR
    if not user.is_newsroom_staff:
        return Comment.Badge.NONE
    from liveblogs.models import Post

    if blog.created_by_id == user.pk or Post.objects.filter(blog=blog, authors=user).exists():
        return Comment.Badge.JOURNALIST
    return Comment.Badge.STAFF


# Comments ------------------------------------------------------------------


def post_comment(*, blog, by, body: str, parent: Comment | None = None, client: dict | None = None) -> Comment:
    """Run the moderation pipeline and store the comment (published, pending
    or rejected); refusals raise `Refused` and store nothing. `client` (the
    request's address, user agent, referrer: community.spam.client_of) lets
    the optional spam service judge it."""
    from django.conf import settings

    source = clean_source(body)
    html = render(source)
    if parent is not None:
        if parent.blog_id != blog.pk:
            raise CommentError(gettext("That comment belongs to another live blog."))
        if parent.status != Comment.Status.PUBLISHED:
            raise CommentError(gettext("The comment you are replying to has been removed; your reply was not posted."))
    from community import spam
    from community.pipeline import toxicity

    scores = {}
    if len(source) <= settings.COMMUNITY_MAX_COMMENT_CHARS:  # longer ones are refused anyway
        scores["toxicity"] = toxicity.score(source)  # before the thread lock: a classifier may be slow
        scores["spam"] = spam.check(text=source, user=by, blog=blog, client=client)
    with _thread_change(blog) as log:
        ctx = pipeline.Context(user=by, thread=log.thread, source=source, html=html, parent=parent,
                               standing=standing_of(by), scores=scores)
        try:
            outcome = pipeline.run(ctx)
        except pipeline.Refused as exc:
            raise Refused(str(exc)) from None
        depth, attach_to, reply_to = 0, None, None
        if parent is not None:
            attach_to = parent
            if parent.depth + 1 >= settings.COMMUNITY_MAX_DEPTH:
                # Deeper replies attach at the cap, naming whom they answer.
                attach_to = parent.parent or parent
                reply_to = parent.author
            depth = attach_to.depth + 1
        comment = Comment.objects.create(
            blog=blog, author=by, parent=attach_to, depth=depth, reply_to=reply_to, body=source, body_html=html,
            status=outcome.status, tags=outcome.tags, rejection_reason=outcome.reason, badge=_badge(by, blog),
        )
        if comment.status == Comment.Status.PUBLISHED:
            log.append(Kind.POSTED, comment)
            _notify_published(comment, replying_to=parent)
    return comment


def edit_comment(*, comment: Comment, by, body: str) -> Comment:
    from community import access

    if not access.can_edit_comment(by, comment):
        raise CommentError(gettext("Comments can only be edited by their author, for a few minutes after posting."))
    source = clean_source(body)
    html = render(source)
    if not html:
        raise CommentError(gettext("Write something, or delete the comment instead."))
    from django.conf import settings

    if len(source) > settings.COMMUNITY_MAX_COMMENT_CHARS:
        raise CommentError(gettext("Comments can be at most %(limit)s characters.") % {
            "limit": number_format(settings.COMMUNITY_MAX_COMMENT_CHARS, force_grouping=True)})
    if source == comment.body:
        return comment
    with _thread_change(comment.blog) as log:
        Comment.objects.filter(pk=comment.pk).update(body=source, body_html=html, edited_at=timezone.now())
        comment.refresh_from_db()
        if comment.status == Comment.Status.PUBLISHED:
            log.append(Kind.UPDATED, comment)
    return comment


def delete_comment(*, comment: Comment, by) -> None:
    from community import access

    if not access.can_delete_comment(by, comment):
        raise CommentError(gettext("You can only delete your own comments."))
    with _thread_change(comment.blog) as log:
        was_public = comment.status == Comment.Status.PUBLISHED
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.DELETED, body="", body_html="")
        comment.refresh_from_db()
        if was_public:
            log.append(Kind.REMOVED, comment)


def like_comment(*, comment: Comment, by) -> Comment:
    """Like once; a second like is a no-op, not an error (double clicks)."""
    from community import access

    if not access.can_react(by, comment):
        raise CommentError(gettext("You can only like published comments, once you have verified your email."))
    if comment.author_id == by.pk:
        raise CommentError(gettext("You cannot like your own comment."))
    with _thread_change(comment.blog) as log:
        try:
            with transaction.atomic():
                Like.objects.create(comment=comment, user=by)
        except IntegrityError:
            return comment
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
        comment.refresh_from_db()
        log.append(Kind.UPDATED, comment)
        _notify_like(comment, by)
    return comment


def unlike_comment(*, comment: Comment, by) -> Comment:
    with _thread_change(comment.blog) as log:
        deleted, _ = Like.objects.filter(comment=comment, user=by).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk, like_count__gt=0).update(like_count=F("like_count") - 1)
            comment.refresh_from_db()
            log.append(Kind.UPDATED, comment)
    return comment


def report_comment(*, comment: Comment, by, reason: str, note: str = "") -> Report:
    from community import access

    if not access.can_react(by, comment):
        raise CommentError(gettext("Only published comments can be reported."))
    if reason not in Report.Reason.values:
        raise CommentError(gettext("Choose a reason for the report."))
    note = clean_source(note)[:500]
    report, created = Report.objects.get_or_create(
        comment=comment, reporter=by, defaults={"reason": reason, "note": note}
    )
    if not created:
        raise CommentError(gettext("You have already reported this comment; a moderator will look at it."))
    return report


# Moderation ----------------------------------------------------------------


def approve_comment(*, comment: Comment, by) -> Comment:
    if comment.status == Comment.Status.DELETED:
        raise CommentError(gettext("The author deleted this comment."))
    with _thread_change(comment.blog) as log:
        was_public = comment.status == Comment.Status.PUBLISHED
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.PUBLISHED, rejection_reason="", moderated_by=by, moderated_at=timezone.now()
        )
        Report.objects.filter(comment=comment, resolved_at=None).update(resolved_at=timezone.now())
        comment.refresh_from_db()
        if not was_public:
            log.append(Kind.POSTED, comment)
            _notify_published(comment, replying_to=comment.parent)
    return comment


def reject_comment(*, comment: Comment, by, reason: str) -> Comment:
    reason = clean_source(reason)[:300]
    if not reason:
        raise CommentError(gettext("Give the reason the author will be told."))
    if comment.status == Comment.Status.DELETED:
        raise CommentError(gettext("The author deleted this comment."))
    with _thread_change(comment.blog) as log:
        was_public = comment.status == Comment.Status.PUBLISHED
        Comment.objects.filter(pk=comment.pk).update(
            status=Comment.Status.REJECTED, rejection_reason=reason, moderated_by=by, moderated_at=timezone.now(),
            is_featured=False,
        )
        Report.objects.filter(comment=comment, resolved_at=None).update(resolved_at=timezone.now())
        comment.refresh_from_db()
        if was_public:
            log.append(Kind.REMOVED, comment)
        if comment.author_id:
            _notify(comment.author, Notification.Kind.REJECTED, actor=None, comment=comment, reason=reason)
    return comment


def feature_comment(*, comment: Comment, by, featured: bool = True) -> Comment:
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentError(gettext("Only published comments can be featured."))
    if comment.is_featured == featured:
        return comment
    with _thread_change(comment.blog) as log:
        Comment.objects.filter(pk=comment.pk).update(is_featured=featured, moderated_by=by, moderated_at=timezone.now())
        comment.refresh_from_db()
        log.append(Kind.UPDATED, comment)
        if featured and comment.author_id:
            _notify(comment.author, Notification.Kind.FEATURED, actor=by, comment=comment)
    return comment


def promote_comment(*, comment: Comment, by):
    """Quote a published comment in the live blog as a post (liveblogs'
    publish_post: the post goes through the blog's own log and sanitiser)."""
    from django.utils.html import escape

    from liveblogs import actions as blog_actions

    if comment.status != Comment.Status.PUBLISHED:
        raise CommentError(gettext("Only published comments can be quoted in the live blog."))
    if comment.promoted_post_id:
        raise CommentError(gettext("This comment is already quoted in the live blog."))
    from newsline.lib.languages import content_language

    with content_language(comment.blog.language):  # published words: the blog's language, not the editor's
        body = (
            f"<blockquote>{comment.body_html}<p>— "
            + gettext("%(name)s, in the comments") % {"name": escape(comment.author_name)}
            + "</p></blockquote>"
        )
        headline = gettext("From the comments")
    try:
        post = blog_actions.publish_post(
            blog=comment.blog, by=by, content=blog_actions.PostContent(headline=headline, body=body)
        )
    except blog_actions.ActionError as exc:
        raise CommentError(str(exc)) from None
    Comment.objects.filter(pk=comment.pk).update(promoted_post_id=post.pk)
    comment.promoted_post_id = post.pk
    if not comment.is_featured:
        feature_comment(comment=comment, by=by)
    return post


def _record_standing(*, user, by, action: str, reason: str = "", until=None) -> None:
    StandingChange.objects.create(user=user, actor=by, action=action, reason=reason[:300], until=until)


@transaction.atomic
def suspend_reader(*, user, by, until, reason: str = "") -> Standing:
    if until <= timezone.now():
        raise CommentError(gettext("A suspension must end in the future."))
    standing, _ = Standing.objects.get_or_create(user=user)
    standing.suspended_until = until
    standing.suspension_reason = clean_source(reason)[:300]
    standing.save(update_fields=["suspended_until", "suspension_reason"])
    _record_standing(user=user, by=by, action=StandingChange.Action.SUSPEND, reason=standing.suspension_reason,
                     until=until)
    return standing


@transaction.atomic
def lift_suspension(*, user, by) -> Standing:
    standing, _ = Standing.objects.get_or_create(user=user)
    standing.suspended_until = None
    standing.save(update_fields=["suspended_until"])
    _record_standing(user=user, by=by, action=StandingChange.Action.LIFT)
    return standing


def ban_reader(*, user, by, reason: str) -> Standing:
    """Ban: no more comments, and the reader's published comments are hidden."""
    reason = clean_source(reason)[:300]
    if not reason:
        raise CommentError(gettext("Give the reason the reader will be told."))
    with transaction.atomic():
        standing, _ = Standing.objects.get_or_create(user=user)
        standing.banned, standing.ban_reason = True, reason
        standing.save(update_fields=["banned", "ban_reason"])
        _record_standing(user=user, by=by, action=StandingChange.Action.BAN, reason=reason)
    for comment in Comment.objects.filter(author=user, status=Comment.Status.PUBLISHED).select_related("blog"):
        with _thread_change(comment.blog) as log:
            Comment.objects.filter(pk=comment.pk).update(
                status=Comment.Status.REJECTED,
                rejection_reason=gettext("Account banned: %(reason)s") % {"reason": reason},
                moderated_by=by, moderated_at=timezone.now(),
            )
            log.append(Kind.REMOVED, comment)
    return standing


@transaction.atomic
def unban_reader(*, user, by) -> Standing:
    standing, _ = Standing.objects.get_or_create(user=user)
    standing.banned, standing.ban_reason = False, ""
    standing.save(update_fields=["banned", "ban_reason"])
    _record_standing(user=user, by=by, action=StandingChange.Action.UNBAN)
    return standing


@transaction.atomic
def set_reader_premoderation(*, user, by, on: bool, note: str | None = None) -> Standing:
    standing, _ = Standing.objects.get_or_create(user=user)
    was_on, old_note = standing.always_premoderate, standing.note
    standing.always_premoderate = on
    fields = ["always_premoderate"]
    if note is not None:
        standing.note = note[:5000]
        fields.append("note")
    standing.save(update_fields=fields)
    if on != was_on:
        _record_standing(user=user, by=by,
                         action=StandingChange.Action.PREMODERATE if on else StandingChange.Action.TRUST)
    if note is not None and standing.note != old_note:
        # The notes themselves stay on the Standing; the log says who changed them.
        _record_standing(user=user, by=by, action=StandingChange.Action.NOTE)
    return standing


def set_thread_options(*, blog, by, closed: bool, premoderate: bool) -> Thread:
    with _thread_change(blog) as log:
        thread = log.thread
        if (thread.closed, thread.premoderate) != (closed, premoderate):
            thread.closed, thread.premoderate = closed, premoderate
            thread.save(update_fields=["closed", "premoderate"])
            log.append(Kind.THREAD)
    return thread


def anonymise_comments(*, user) -> int:
    """After an account is deleted (GDPR): the comments stay, without a name."""
    comments = list(Comment.objects.filter(author=user).select_related("blog"))
    for comment in comments:
        with _thread_change(comment.blog) as log:
            Comment.objects.filter(pk=comment.pk).update(author=None, reply_to=None)
            if comment.status == Comment.Status.PUBLISHED:
                log.append(Kind.UPDATED, comment)
    Comment.objects.filter(reply_to=user).update(reply_to=None)
    return len(comments)


# Follows and mutes ---------------------------------------------------------


def follow_reader(*, follower, followee) -> Follow:
    from community import access

    if followee.pk == follower.pk:
        raise CommentError(gettext("You cannot follow yourself."))
    if not access.can_follow(follower, followee):
        raise CommentError(gettext("You cannot follow this reader."))
    follow, _ = Follow.objects.get_or_create(follower=follower, followee=followee)
    return follow


def unfollow_reader(*, follower, followee) -> None:
    Follow.objects.filter(follower=follower, followee=followee).delete()


def mute_reader(*, muter, muted) -> Mute:
    if muted.pk == muter.pk:
        raise CommentError(gettext("You cannot mute yourself."))
    mute, _ = Mute.objects.get_or_create(muter=muter, muted=muted)
    return mute


def unmute_reader(*, muter, muted) -> None:
    Mute.objects.filter(muter=muter, muted=muted).delete()


# Notifications -------------------------------------------------------------


def _muted(recipient, actor) -> bool:
    return actor is not None and Mute.objects.filter(muter=recipient, muted=actor).exists()


def _notify(recipient, kind, *, actor, comment, reason: str = "") -> Notification | None:
    if recipient is None or (actor is not None and recipient.pk == actor.pk) or _muted(recipient, actor):
        return None
    note = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, comment=comment, reason=reason)
    _email_later(note)
    return note


def _email_later(note: Notification):
    from community import mail

    if mail.delivery_for(note.recipient, note.kind) == EmailPreference.Delivery.IMMEDIATE:
        from community.tasks import send_notification_email

        note_id = note.pk
        transaction.on_commit(lambda: send_notification_email.enqueue(note_id))


def _notify_published(comment: Comment, *, replying_to: Comment | None = None):
    """A reply notifies the reader it answers; a comment notifies followers."""
    notified = set()
    answered = comment.reply_to if comment.reply_to_id else (comment.parent.author if comment.parent_id else None)
    if answered is not None and answered.pk != comment.author_id:
        if _notify(answered, Notification.Kind.REPLY, actor=comment.author, comment=comment):
            notified.add(answered.pk)
    if comment.author_id:
        for follow in Follow.objects.filter(followee_id=comment.author_id).select_related("follower")[:5000]:
            if follow.follower_id not in notified:
                _notify(follow.follower, Notification.Kind.FOLLOWED_COMMENT, actor=comment.author, comment=comment)


def _notify_like(comment: Comment, by):
    """Likes are batched: one unread row per comment, counting up."""
    if comment.author_id is None or _muted(comment.author, by):
        return
    existing = Notification.objects.filter(
        recipient_id=comment.author_id, kind=Notification.Kind.LIKE, comment=comment, read_at=None
    ).first()
    if existing:
        Notification.objects.filter(pk=existing.pk).update(count=F("count") + 1, actor=by, updated_at=timezone.now())
        return
    _notify(comment.author, Notification.Kind.LIKE, actor=by, comment=comment)


def mark_notifications_read(*, user, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def set_email_preferences(*, user, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind not in Notification.Kind.values or delivery not in EmailPreference.Delivery.values:
            raise CommentError(gettext("Choose one of the offered email options."))
    for kind, delivery in choices.items():
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})


def follow_blog(*, user, blog):
    from community import access
    from community.models import BlogFollow

    if not access.can_comment(user):
        raise CommentError(gettext("Verify your email address to follow key events."))
    from community.keyevents import start_at_the_end

    start_at_the_end(blog)  # alerts start from now, not from the blog's past
    follow, _ = BlogFollow.objects.get_or_create(user=user, blog=blog)
    return follow


def unfollow_blog(*, user, blog) -> None:
    from community.models import BlogFollow

    BlogFollow.objects.filter(user=user, blog=blog).delete()


# Questions to the newsroom ---------------------------------------------------

# Longer than a tweet, shorter than a letter: the desk reads every one.
MAX_QUESTION_CHARS = 1000
# The same question sent again within this many minutes is a double send.
REPEAT_QUESTION_MINUTES = 10


def question_counts(blog) -> dict:
    """How many of a blog's questions wait, and how many were handled."""
    from django.db.models import Count

    from community.models import Question

    found = dict(
        Question.objects.filter(blog=blog).exclude(status=Question.Status.REJECTED)
        .values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in ("new", "answered", "dismissed")}


def _question_changed(question, change: str) -> None:
    """Tell the blog's open desks (its private desk stream), after commit.
    The event only says what changed and the counts; each desk then loads
    the inbox in its own language, with its own buttons and CSRF token."""
    from liveblogs import presence

    presence.send_on_commit(question.blog.slug, {
        "kind": "questions", "change": change, "id": question.pk, "counts": question_counts(question.blog),
    })


def ask_question(*, blog, by, body: str, show_name: bool = False, client: dict | None = None):
    """A reader's question to the newsroom, through the moderation checks
    that apply to it (pipeline.QUESTION_PHASES). Refusals raise `Refused`
    and store nothing; banned words store it rejected (never in the inbox);
    holds put it in the inbox flagged with their tags."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils.translation import gettext

    from community import spam
    from community.models import Question
    from community.pipeline import toxicity
    from liveblogs.models import LiveBlog

    if blog.status != LiveBlog.Status.LIVE:
        raise Refused(gettext("The newsroom takes questions while the live blog is running."))
    source = clean_source(body)
    html = render(source)
    if len(source) > MAX_QUESTION_CHARS:
        raise Refused(gettext("Questions can be at most %(limit)s characters (this one has %(count)s).") % {
            "limit": f"{MAX_QUESTION_CHARS:,}", "count": f"{len(source):,}"})
    recent = timezone.now() - timedelta(minutes=REPEAT_QUESTION_MINUTES)
    if source and Question.objects.filter(author=by, blog=blog, body=source, created_at__gte=recent).exists():
        raise Refused(gettext("You have just sent this question; the newsroom has it."))
    scores = {}
    if source and len(source) <= settings.COMMUNITY_MAX_COMMENT_CHARS:
        scores["toxicity"] = toxicity.score(source)
        scores["spam"] = spam.check(text=source, user=by, blog=blog, client=client)
    ctx = pipeline.Context(user=by, thread=None, source=source, html=html, standing=standing_of(by), scores=scores)
    try:
        outcome = pipeline.run(ctx, pipeline.QUESTION_PHASES)
    except pipeline.Refused as exc:
        raise Refused(str(exc)) from None
    with transaction.atomic():
        question = Question.objects.create(
            blog=blog, author=by, body=source, body_html=html, show_name=bool(show_name),
            status=Question.Status.REJECTED if outcome.status == "rejected" else Question.Status.NEW,
            tags=outcome.tags, rejection_reason=outcome.reason,
        )
        if question.status == Question.Status.NEW:
            _question_changed(question, "asked")
    return question


def question_excerpt(question, length: int = 140) -> str:
    text = plain_text(question.body_html)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _audit_question(question, by, action: str, post=None) -> None:
    from liveblogs.models import AuditEntry

    AuditEntry.objects.create(actor=by, action=action, blog=question.blog, post=post,
                              changes={"question": [None, question_excerpt(question, 200)]})


def _waiting_question(question):
    """The question, locked, if it still waits; else CommentError naming
    who handled it (two editors at one inbox)."""
    from django.utils.translation import gettext

    from community.models import Question

    current = (
        Question.objects.select_for_update(of=("self",))
        .select_related("blog", "author", "handled_by").get(pk=question.pk)
    )
    if current.status != Question.Status.NEW:
        who = current.handled_by.byline if current.handled_by_id else gettext("someone")
        raise CommentError(gettext("%(who)s has already handled this question (%(status)s).") % {
            "who": who, "status": current.get_status_display().lower()})
    return current


def _close_question(question, *, by, status: str, post=None):
    from liveblogs.models import AuditEntry

    question.status, question.handled_by, question.handled_at = status, by, timezone.now()
    question.answer_post_id = post.pk if post is not None else None
    question.save(update_fields=["status", "handled_by", "handled_at", "answer_post_id"])
    action = AuditEntry.Action.DISMISS_QUESTION if status == "dismissed" else AuditEntry.Action.ANSWER_QUESTION
    _audit_question(question, by, action, post=post)
    _question_changed(question, status)


def dismiss_question(*, question, by):
    """Take a question out of the inbox without answering it."""
    with transaction.atomic():
        question = _waiting_question(question)
        _close_question(question, by=by, status="dismissed")
    return question


def mark_question_answered(*, question, by):
    """The question was answered some other way (an earlier post, several
    questions in one): out of the inbox, and the reader is not notified."""
    with transaction.atomic():
        question = _waiting_question(question)
        _close_question(question, by=by, status="answered")
    return question


def answer_question(*, question, by, content, is_key_event: bool = False, is_pinned: bool = False,
                    authors=None, form_key: str = ""):
    """Publish a post answering the question (liveblogs' own publish_post:
    the blog's log, sanitiser, revision and audit), mark the question
    answered and notify the reader, with a link to the post, in one
    transaction. Returns the post."""
    from liveblogs import actions as blog_actions

    with transaction.atomic():
        question = _waiting_question(question)
        try:
            post = blog_actions.publish_post(
                blog=question.blog, by=by, content=content, is_key_event=is_key_event, is_pinned=is_pinned,
                authors=authors, form_key=form_key,
            )
        except blog_actions.ActionError as exc:
            raise CommentError(str(exc)) from None
        _close_question(question, by=by, status="answered", post=post)
        if question.author_id and question.author_id != by.pk:
            note = Notification.objects.create(
                recipient=question.author, kind=Notification.Kind.ANSWERED, actor=by, blog=question.blog,
                post_id=post.pk, title=question_excerpt(question, 300),
            )
            _email_later(note)
    return post


def answer_quote(question) -> str:
    """The prefilled start of an answer: the question as a block quote, with
    the reader's display name only if they agreed to it."""
    from django.utils.html import escape
    from django.utils.translation import gettext

    from newsline.lib.languages import content_language

    with content_language(question.blog.language):  # published words: the blog's language
        name = question.public_name or gettext("a reader")
        cite = gettext("— %(name)s, asked the newsroom") % {"name": escape(name)}
    return f"<blockquote>{question.body_html}<p>{cite}</p></blockquote><p></p>"
