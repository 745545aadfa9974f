"""Hold a new commenter's first COMMUNITY_PREMODERATE_FIRST comments until a
moderator has approved that many. Staff are never held."""

from django.conf import settings

from community.pipeline import HOLD, Verdict


def check(ctx):
    from community.models import Comment

    first = settings.COMMUNITY_PREMODERATE_FIRST
    if not first or ctx.user.is_newsroom_staff or ctx.user.role == "moderator":
        return None
    approved = Comment.objects.filter(author=ctx.user, status=Comment.Status.PUBLISHED).count()
    if approved < first:
        return Verdict(HOLD, "first_comment")
    return None
