from django import template

from votes.models import reaction_choices as _choices

register = template.Library()


@register.simple_tag
def reaction_choices():
    """The fixed reactions, in order: value, symbol, label."""
    return _choices()


@register.filter
def post_poll(post):
    """The post's poll or None, without an error for a post that has none
    (joined with the post on reader and desk pages: no query)."""
    from votes.models import Poll

    if not isinstance(post.pk, int):
        return None  # the desk's preview of an unsaved post
    try:
        return post.poll
    except Poll.DoesNotExist:
        return None


@register.filter
def shows_reactions(post, blog) -> bool:
    """Reactions under this card: on for the blog, and a real post (the
    desk's preview renders the card from an unsaved one)."""
    return bool(blog.reactions_enabled) and isinstance(post.pk, int)
