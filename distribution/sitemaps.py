"""Sitemaps: blogs, topics, and a Google News sitemap of recent blogs.

Django's Sitemap builds each <loc> from the sites framework or the request's
host; ours come from SITE_URL (the sites framework is not installed), by
overriding its protocol and get_domain() hooks."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from liveblogs.models import LiveBlog, Topic

PUBLIC_STATUSES = [LiveBlog.Status.LIVE, LiveBlog.Status.ENDED]


class SiteUrlSitemap(Sitemap):
    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        # Everything after "scheme://", so <loc> is SITE_URL + the path, as
        # everywhere else in the project.
        return settings.SITE_URL.split("://", 1)[1]


class BlogSitemap(SiteUrlSitemap):
    """Every live or ended blog; lastmod is the blog's last reader-visible
    change (actions set last_activity_at with every event they log)."""

    def items(self):
        return LiveBlog.objects.public().order_by("-last_activity_at", "-id").only("slug", "last_activity_at")

    def lastmod(self, blog):
        return blog.last_activity_at

    def changefreq(self, blog):
        return "always" if blog.is_live else "daily"

    def get_latest_lastmod(self):
        # One aggregate rather than Django's default of a pass over items().
        return LiveBlog.objects.public().aggregate(latest=Max("last_activity_at"))["latest"]


class TopicSitemap(SiteUrlSitemap):
    """Topics with at least one live or ended blog; lastmod is their latest
    blog's."""

    def items(self):
        return (
            Topic.objects.annotate(latest=Max("blogs__last_activity_at", filter=Q(blogs__status__in=PUBLIC_STATUSES)))
            .filter(latest__isnull=False)
            .order_by("slug")
        )

    def location(self, topic):
        return reverse("distribution:topic", args=[topic.slug])

    def lastmod(self, topic):
        return topic.latest

    def get_latest_lastmod(self):
        latest = LiveBlog.objects.public().filter(topics__isnull=False).aggregate(latest=Max("last_activity_at"))
        return latest["latest"]


class NewsSitemap(SiteUrlSitemap):
    """Google News: blogs with activity in the last two days, at most 1,000
    (Google's limits). Rendered by distribution/sitemap_news.xml."""

    limit = 1000
    window = timedelta(days=2)

    def items(self):
        since = timezone.now() - self.window
        return (
            LiveBlog.objects.public()
            .filter(last_activity_at__gte=since)
            .order_by("-last_activity_at", "-id")[: self.limit]
        )

    def lastmod(self, blog):
        return blog.last_activity_at


SITEMAPS = {"blogs": BlogSitemap, "topics": TopicSitemap}
