"""Who may do what with polls and reactions. One condition per line."""

from liveblogs import access as blog_access


def can_add_poll(user, post) -> bool:
    """Add a poll to a post: editors, like pinning."""
    if not blog_access.can_pin(user, post):
        return False
    return not hasattr_poll(post)


def can_close_poll(user, poll) -> bool:
    if not blog_access.can_pin(user, poll.post):
        return False
    return poll.closed_at is None


def hasattr_poll(post) -> bool:
    from votes.models import Poll

    try:
        return post.poll is not None
    except Poll.DoesNotExist:
        return False


def can_react(blog) -> bool:
    """Reactions are on for this blog (an editor may turn them off)."""
    return blog.reactions_enabled
