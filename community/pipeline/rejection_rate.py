"""Hold comments from readers whose recent comments moderators mostly
rejected: of their last COMMUNITY_REJECTION_WINDOW moderated comments, at
least COMMUNITY_REJECTION_RATE percent rejected (and at least three)."""

from django.conf import settings

from community.pipeline import HOLD, Verdict


def check(ctx):
    from community.models import Comment

    window = settings.COMMUNITY_REJECTION_WINDOW
    if not window:
        return None
    recent = list(
        Comment.objects.filter(author=ctx.user, moderated_at__isnull=False)
        .order_by("-moderated_at")
        .values_list("status", flat=True)[:window]
    )
    rejected = sum(1 for status in recent if status == Comment.Status.REJECTED)
    if rejected >= 3 and rejected * 100 >= settings.COMMUNITY_REJECTION_RATE * len(recent):
        return Verdict(HOLD, "rejection_history")
    return None
