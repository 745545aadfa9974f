"""Hold comments with more links than COMMUNITY_MAX_LINKS, and any link from
a reader with no published comment yet (a common spam shape)."""

from django.conf import settings

from community.pipeline import HOLD, Verdict
from community.rendering import link_count


def check(ctx):
    from community.models import Comment

    links = link_count(ctx.html)
    if links > settings.COMMUNITY_MAX_LINKS:
        return Verdict(HOLD, "links")
    if links and not Comment.objects.filter(author=ctx.user, status=Comment.Status.PUBLISHED).exists():
        return Verdict(HOLD, "new_commenter_links")
    return None
