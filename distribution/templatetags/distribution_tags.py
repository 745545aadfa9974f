"""Template tags for distribution's slots in other apps' pages: the blog
page's <head> (oEmbed discovery, NewsArticle, BreadcrumbList, card image)
and the front page's topic groups. None of them reads the session: the
pages they are in are the same for every reader."""

from django import template
from django.db.models import Prefetch

from distribution import structured_data
from liveblogs.models import LiveBlog

register = template.Library()

FRONT_TOPICS = 8
FRONT_BLOGS_PER_TOPIC = 4


@register.simple_tag(takes_context=True)
def shared_post(context):
    """On a permalink page (?around=<id>), the post it is about, from the
    posts the page already loaded (no query)."""
    request = context.get("request")
    around = request.GET.get("around", "") if request is not None else ""
    if not around.isdigit():
        return None
    for post in [context.get("pinned"), *(context.get("posts") or [])]:
        if post is not None and post.pk == int(around):
            return post
    return None


@register.simple_tag
def news_article_json(post, blog):
    return structured_data.news_article(post, blog, structured_data.blog_image_url(blog))


@register.simple_tag
def breadcrumb_json(blog, topics):
    return structured_data.breadcrumb_list(blog, list(topics or []))


@register.simple_tag
def blog_image(blog):
    return structured_data.blog_image_url(blog)


@register.simple_tag
def front_topic_groups():
    """Topics with live coverage, each with its live blogs (latest activity
    first), busiest topic first. Two queries."""
    from distribution.topics import public_topics

    live = LiveBlog.objects.live().select_related("image").order_by("-last_activity_at", "-id")
    topics = (
        public_topics()
        .filter(blogs__status=LiveBlog.Status.LIVE)
        .distinct()
        .prefetch_related(Prefetch("blogs", queryset=live, to_attr="live_blogs"))
    )
    groups = [(t, t.live_blogs[:FRONT_BLOGS_PER_TOPIC]) for t in topics]
    groups.sort(key=lambda g: (-g[1][0].last_activity_at.timestamp() if g[1] else 0, g[0].name))
    return groups[:FRONT_TOPICS]


@register.simple_tag
def disabled_webhooks():
    """Webhooks the sender switched off (not those an editor switched off), for
    the desk's notice. One query."""
    from distribution.models import Webhook
    from distribution.webhooks import FAILURE_REASON_PREFIX

    return list(Webhook.objects.filter(is_active=False, disabled_reason__startswith=FAILURE_REASON_PREFIX)[:5])
