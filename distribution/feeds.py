"""RSS and Atom feeds: per blog (every post, or key events only), the site's
blogs, and the blogs of one topic. Each is a django.contrib.syndication Feed;
this module only says what goes in them.

Every URL in a feed comes from SITE_URL (Django's Feed leaves absolute URLs
alone and would otherwise use the request's Host header)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext

from distribution.caching import shared_cache
from distribution.topics import get_public_topic_or_404
from liveblogs.models import Label, LiveBlog, Post
from newsline.lib.languages import content_language

# Feed readers want the recent past, not the archive; the page has that.
MAX_ITEMS = 50


class AtomWithContentFeed(Atom1Feed):
    """Atom whose entries carry the post as <content type="html">. Django puts
    the item description in <summary>, but here it is the whole post."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("content", item["description"], {"type": "html"})


def post_title(post: Post) -> str:
    """Its own headline, else the article card's, else the start of its text."""
    if post.title:
        return post.title
    if post.plain_text:
        return Truncator(post.plain_text).chars(100)
    # The feed renders in the blog's language (content_language), so this reads in it too.
    return gettext("Update at %(when)s") % {"when": date_format(timezone.localtime(post.published_at), "H:i, j F Y")}


class PublicFeed(Feed):
    """What all our feeds share: a self link and id from SITE_URL, the
    newsroom as author, public cache headers and no cookies."""

    url_name: str  # this feed's URL name, for its rel="self" link and id

    def __call__(self, request, *args, **kwargs):
        return shared_cache(super().__call__(request, *args, **kwargs))

    def url_args(self, obj) -> list:
        return []

    def feed_url(self, obj):
        return settings.SITE_URL + reverse(self.url_name, args=self.url_args(obj))

    def feed_guid(self, obj):
        # Each feed its own id, even the RSS and Atom feeds of one blog.
        return self.feed_url(obj)

    def author_name(self):
        return settings.NEWSROOM_NAME


# One blog's posts -----------------------------------------------------------


class BlogFeed(PublicFeed):
    """Every visible post of a live or ended blog, newest first (RSS 2.0)."""

    url_name = "distribution:blog_rss"
    description_template = "distribution/feed_post.html"
    item_guid_is_permalink = True

    def get_feed(self, blog, request):
        # In the blog's language: its <language>, and any words we add.
        with content_language(blog.language):
            return super().get_feed(blog, request)

    def get_object(self, request, slug):
        return get_object_or_404(LiveBlog.objects.public(), slug=slug)

    def url_args(self, blog):
        return [blog.slug]

    def title(self, blog):
        return f"{blog.headline} | {settings.NEWSROOM_NAME}"

    def link(self, blog):
        return blog.absolute_url

    def description(self, blog):
        return blog.standfirst or f"Live coverage from {settings.NEWSROOM_NAME}."

    def posts(self, blog):
        return blog.posts.visible()

    def items(self, blog):
        # Through the related manager so every post knows its blog, and with
        # the bylines prefetched: three queries, however many posts.
        return self.posts(blog).newest_first().with_bylines()[:MAX_ITEMS]

    def item_title(self, post):
        return post_title(post)

    def item_link(self, post):
        return post.absolute_url

    def item_guid(self, post):
        return post.absolute_url

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.edited_at or post.published_at

    def item_author_name(self, post):
        return ", ".join(post.bylines) or None

    def item_categories(self, post):
        categories = [str(Label(post.label).label)] if post.label else []
        if post.is_key_event:
            categories.append(gettext("Key event"))
        return categories


class BlogAtomFeed(BlogFeed):
    feed_type = AtomWithContentFeed
    url_name = "distribution:blog_atom"

    def subtitle(self, blog):
        return self.description(blog)


class KeyEventsFeed(BlogFeed):
    """Only the posts the desk marked as key events (RSS 2.0)."""

    url_name = "distribution:blog_key_events"

    def title(self, blog):
        return f"Key events: {blog.headline} | {settings.NEWSROOM_NAME}"

    def posts(self, blog):
        return blog.posts.visible().filter(is_key_event=True)


# Blogs ------------------------------------------------------------------------


class SiteFeed(PublicFeed):
    """Blogs that are live, and those that ended in the last week: an entry
    per blog, updated whenever the blog changes (RSS 2.0)."""

    url_name = "distribution:feed"
    recently_ended = timedelta(days=7)
    item_guid_is_permalink = True

    def title(self):
        return f"{settings.NEWSROOM_NAME}: live coverage"

    def link(self):
        return settings.SITE_URL + reverse("liveblogs:front")

    def description(self):
        return gettext("Live and recently ended coverage from %(name)s.") % {"name": settings.NEWSROOM_NAME}

    def blogs(self, obj):
        since = timezone.now() - self.recently_ended
        return LiveBlog.objects.filter(
            Q(status=LiveBlog.Status.LIVE) | Q(status=LiveBlog.Status.ENDED, closed_at__gte=since)
        )

    def items(self, obj):
        return self.blogs(obj).order_by("-last_activity_at", "-id").prefetch_related("topics")[:MAX_ITEMS]

    def item_title(self, blog):
        return blog.headline

    def item_description(self, blog):
        # Plain text in an element readers treat as HTML.
        return escape(blog.standfirst)

    def item_link(self, blog):
        return blog.absolute_url

    def item_guid(self, blog):
        return blog.absolute_url

    def item_pubdate(self, blog):
        return blog.opened_at or blog.created_at

    def item_updateddate(self, blog):
        return blog.last_activity_at

    def item_categories(self, blog):
        return [blog.get_status_display()] + [t.name for t in blog.topics.all()]


class TopicFeed(SiteFeed):
    """Every live or ended blog in one topic, latest activity first (RSS 2.0)."""

    url_name = "distribution:topic_feed"

    def get_object(self, request, slug):
        return get_public_topic_or_404(slug)

    def url_args(self, topic):
        return [topic.slug]

    def title(self, topic):
        return f"{topic.name} | {settings.NEWSROOM_NAME}"

    def link(self, topic):
        return settings.SITE_URL + reverse("distribution:topic", args=[topic.slug])

    def description(self, topic):
        return gettext("Live and past coverage of %(topic)s from %(name)s.") % {
            "topic": topic.name, "name": settings.NEWSROOM_NAME}

    def blogs(self, topic):
        return topic.blogs.public()
