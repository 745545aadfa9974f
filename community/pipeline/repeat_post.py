"""Refuse the same text posted twice in a row (a double click, a resend)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext

from community.pipeline import REFUSE, Verdict


def check(ctx):
    from community.models import Comment

    recent = timezone.now() - timedelta(minutes=10)
    last = (
        Comment.objects.filter(author=ctx.user, blog_id=ctx.thread.blog_id, created_at__gte=recent)
        .exclude(status=Comment.Status.DELETED)
        .order_by("-created_at")
        .values_list("body", flat=True)
        .first()
    )
    if last is not None and last.strip() == ctx.source.strip():
        return Verdict(REFUSE, "repeat", gettext("You have just posted this comment."))
    return None
