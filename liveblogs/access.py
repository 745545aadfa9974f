"""Who may do what on the newsroom desk. One gate per object type or
condition, one condition per line, so each branch can be proved by a test.

Every gate starts from `can_use_desk`: an inactive account, a reader or a
moderator (who works the comment queues, not posts) can do nothing here,
whatever else is true.

Roles, lowest first: contributors submit posts for approval to the blogs
they are assigned to; reporters publish to the blogs they are assigned to
and change their own posts there; editors work on every blog, publish, edit
anyone's posts, pin, mark key events, open and close blogs, approve
submissions and assign staff; admins do all that and manage staff."""

from accounts.models import Role
from liveblogs.models import Post

DESK_ROLES = (Role.CONTRIBUTOR, Role.REPORTER, Role.EDITOR, Role.ADMIN)
EDITOR_ROLES = (Role.EDITOR, Role.ADMIN)
# Roles an editor can put on a blog's team; editors and admins need no assignment.
ASSIGNABLE_ROLES = (Role.CONTRIBUTOR, Role.REPORTER)


def can_use_desk(user) -> bool:
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return user.role in DESK_ROLES


def _is_editor(user) -> bool:
    if not can_use_desk(user):
        return False
    return user.role in EDITOR_ROLES


def _is_admin(user) -> bool:
    if not can_use_desk(user):
        return False
    return user.role == Role.ADMIN


def assigned_blog_ids(user) -> set[int]:
    """The blogs this person is on the team of; one query per request, kept
    on the user object so a timeline of fifty posts does not ask fifty times."""
    ids = getattr(user, "_desk_blog_ids", None)
    if ids is None:
        from liveblogs.models import BlogAssignment

        ids = set(BlogAssignment.objects.filter(user_id=user.pk).values_list("blog_id", flat=True))
        user._desk_blog_ids = ids
    return ids


def can_view_blog(user, blog) -> bool:
    """See a blog's desk page (its timeline, drafts and team)."""
    if not can_use_desk(user):
        return False
    if user.role in EDITOR_ROLES:
        return True
    return blog.pk in assigned_blog_ids(user)


def can_manage_blog(user, blog=None) -> bool:
    """Create, edit, open and close live blogs. `blog` is None for creating."""
    return _is_editor(user)


def can_preview_blog(user, blog) -> bool:
    """See a blog's reader page as readers will, draft or not: its team."""
    return can_view_blog(user, blog)


def can_share_preview(user, blog) -> bool:
    """Make (or withdraw) signed links that show a draft to people outside the desk."""
    return _is_editor(user)


def can_assign_staff(user, blog) -> bool:
    """Add contributors and reporters to a blog's team, or take them off."""
    return _is_editor(user)


def can_publish(user, blog) -> bool:
    if not can_view_blog(user, blog):
        return False
    if user.role == Role.CONTRIBUTOR:
        return False
    return not blog.is_ended


def can_submit(user, blog) -> bool:
    """Write a post for an editor to approve (contributors' only way to publish)."""
    if not can_view_blog(user, blog):
        return False
    return not blog.is_ended


def can_upload_media(user, blog) -> bool:
    """Add pictures to a blog's posts (everyone who may write for it) or
    to the blog itself (editors, even after it has ended)."""
    if can_manage_blog(user, blog):
        return True
    return can_submit(user, blog)


def can_approve(user, blog) -> bool:
    """Approve or send back submissions (the approval queue)."""
    return _is_editor(user)


def can_edit_post(user, post) -> bool:
    if not can_view_blog(user, post.blog):
        return False
    if post.deleted_at is not None:
        return False
    if user.role in EDITOR_ROLES:
        return True
    if post.created_by_id != user.pk:
        return False
    # A contributor's words are theirs until an editor approves them.
    if user.role == Role.CONTRIBUTOR:
        return post.published_at is None
    return True


def can_publish_highlighted(user, blog) -> bool:
    """Publish a post already pinned or marked as a key event (the API's
    `pinned` / `key_event` flags): what can_pin and can_mark_key_event allow."""
    if not can_publish(user, blog):
        return False
    return _is_editor(user)


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
    """A post's revisions and the differences between them. After a legal
    removal, only admins may read what it said."""
    if not _is_editor(user):
        return False
    if post.state == Post.State.REMOVED:
        return user.role == Role.ADMIN
    return True


def can_remove_post(user, post) -> bool:
    """Legal takedown: final, so editors and admins only."""
    if not _is_editor(user):
        return False
    return post.state in (Post.State.PUBLISHED, Post.State.DELETED)


def can_see_removed_content(user) -> bool:
    """Audit entries keep excerpts of a post's text; after a removal only
    admins see them."""
    return _is_admin(user)


def can_restore(user, post=None) -> bool:
    """Bring back a deleted post, or make an earlier revision current.
    `post` is None when asking about deleted posts in general (the list)."""
    return _is_editor(user)


def can_view_analytics(user, blog) -> bool:
    """See a blog's readers report and export it (counts only): its team."""
    if not can_view_blog(user, blog):
        return False
    return True


def can_view_audit(user, blog) -> bool:
    return _is_editor(user)
