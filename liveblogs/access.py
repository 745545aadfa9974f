"""Who may do what on the newsroom desk. One gate per object type or
condition, one condition per line, so each branch can be proved by a test.

Every gate starts from `can_use_desk`: an inactive account or a reader with
no newsroom role can do nothing here, whatever else is true."""

from accounts.models import Role


def can_use_desk(user) -> bool:
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return user.role in (Role.REPORTER, Role.EDITOR)


def _is_editor(user) -> bool:
    if not can_use_desk(user):
        return False
    return user.role == Role.EDITOR


def can_manage_blog(user, blog=None) -> bool:
    """Create, edit, open and close live blogs. `blog` is None for creating."""
    return _is_editor(user)


def can_publish(user, blog) -> bool:
    if not can_use_desk(user):
        return False
    return not blog.is_ended


def can_edit_post(user, post) -> bool:
    if not can_use_desk(user):
        return False
    if post.deleted_at is not None:
        return False
    if user.role == Role.EDITOR:
        return True
    return post.created_by_id == user.pk


def can_delete_post(user, post) -> bool:
    # The same people who may change a post may take it down.
    return can_edit_post(user, post)


def can_pin(user, post) -> bool:
    if not _is_editor(user):
        return False
    return post.deleted_at is None


def can_mark_key_event(user, post) -> bool:
    if not _is_editor(user):
        return False
    return post.deleted_at is None


def can_view_history(user, post) -> bool:
    """A post's revisions and the differences between them."""
    return _is_editor(user)


def can_restore(user, post=None) -> bool:
    """Bring back a deleted post, or make an earlier revision current.
    `post` is None when asking about deleted posts in general (the list)."""
    return _is_editor(user)


def can_view_audit(user, blog) -> bool:
    return _is_editor(user)
