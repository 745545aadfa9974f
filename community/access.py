"""Who may do what in the community. One gate per object type or condition,
one condition per line, so each branch can be proved by a test."""

from django.conf import settings
from django.utils import timezone

from accounts.models import Role


def has_verified_email(user) -> bool:
    """allauth's EmailAddress with verified=True: readers must prove their
    address before they post (staff accounts are made by the newsroom)."""
    if not user.is_authenticated:
        return False
    if user.role != Role.READER:
        return True
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def can_comment(user) -> bool:
    """The account may write comments at all (the pipeline then judges each)."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return has_verified_email(user)


def can_moderate(user) -> bool:
    """Work the queues: approve, reject, suspend, ban, close threads."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return user.role in (Role.MODERATOR, Role.EDITOR, Role.ADMIN)


def can_promote(user) -> bool:
    """Quote a comment in the live blog: an editor's call, not a moderator's."""
    if not user.is_authenticated:
        return False
    return user.is_editor


def can_edit_comment(user, comment, now=None) -> bool:
    if not user.is_authenticated:
        return False
    if comment.author_id != user.pk:
        return False
    if comment.status in (comment.Status.DELETED, comment.Status.REJECTED):
        return False
    if settings.COMMUNITY_EDIT_WINDOW_SECONDS <= 0:
        return False
    return (now or timezone.now()) < comment.editable_until()


def can_delete_comment(user, comment) -> bool:
    if not user.is_authenticated:
        return False
    if comment.author_id != user.pk:
        return False
    return comment.status != comment.Status.DELETED


def can_react(user, comment) -> bool:
    """Like or report: signed in, verified, and the comment is published."""
    if not can_comment(user):
        return False
    return comment.status == comment.Status.PUBLISHED


def can_follow(user, other) -> bool:
    if not can_comment(user):
        return False
    if not other.is_active:
        return False
    return other.pk != user.pk


# Questions to the newsroom ---------------------------------------------------
# Asking needs a signed-in reader with a verified address (like commenting):
# bans, suspensions and per-account limits then mean something, and the
# answer's notification goes to an address the reader proved is theirs.
# Anonymous questions with a typed-in email were left out on purpose: anyone
# could have the newsroom email a stranger, and a ban would stop nobody.


def can_ask(user) -> bool:
    """Send a question to a blog's newsroom (the pipeline then judges it)."""
    return can_comment(user)


def can_see_questions(user, blog) -> bool:
    """A blog's question inbox: its desk team (liveblogs' own gate)."""
    from liveblogs import access as desk

    return desk.can_view_blog(user, blog)


def can_handle_questions(user, blog) -> bool:
    """Dismiss a question or mark it answered: those who may publish to the
    blog (not contributors, whose posts an editor approves), ended or not."""
    if not can_see_questions(user, blog):
        return False
    return user.role != Role.CONTRIBUTOR

