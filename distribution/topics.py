"""Which topics readers may see: those with at least one live or ended blog.
A topic used only by drafts would give away a story not yet published."""

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from liveblogs.models import LiveBlog, Topic


def public_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(Exists(LiveBlog.objects.public().filter(topics=OuterRef("pk"))))


def get_public_topic_or_404(slug: str) -> Topic:
    return get_object_or_404(public_topics(), slug=slug)
