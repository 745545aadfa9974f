"""Search, topic pages, sitemaps and robots.txt. All public: the same bytes for
everyone, no session, no cookie."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from distribution import search as search_index
from distribution.caching import ROBOTS_MAX_AGE, shared_cache
from distribution.sitemaps import SITEMAPS, NewsSitemap
from distribution.topics import get_public_topic_or_404
from newsline.lib.conditional import public_cache

TOPIC_PAGE_SIZE = 30


@require_safe
def topic(request, slug):
    topic = get_public_topic_or_404(slug)
    blogs = topic.blogs.select_related("image")
    live = list(blogs.live().order_by("-last_activity_at", "-id")[:50])
    ended = Paginator(blogs.ended().order_by("-closed_at", "-id"), TOPIC_PAGE_SIZE).get_page(request.GET.get("page"))
    canonical = settings.SITE_URL + reverse("distribution:topic", args=[topic.slug])
    if ended.number > 1:
        canonical += f"?page={ended.number}"
    context = {"topic": topic, "live": live, "ended": ended, "canonical_url": canonical}
    return public_cache(render(request, "distribution/topic.html", context))


@require_safe
def search(request):
    q = request.GET.get("q", "")
    results = search_index.search(q, page=request.GET.get("page"))
    context = {"q": results.query, "results": results, "searched": bool(search_index.terms(q))}
    response = render(request, "distribution/search.html", context)
    # The same answer for everyone; a result page may lag a post by seconds.
    return public_cache(response)


def _site_url(location: str) -> str:
    parts = urlsplit(location)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


@require_safe
def sitemap_index(request):
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="distribution:sitemap_section")
    # Django's index view takes each <loc>'s host from the request and has no
    # hook for it; the response is not rendered yet, so put SITE_URL in.
    for entry in response.context_data["sitemaps"]:
        entry.location = _site_url(entry.location)
    return shared_cache(response)


@require_safe
def sitemap_section(request, section):
    response = sitemap_views.sitemap(request, SITEMAPS, section=section, template_name="distribution/sitemap.xml")
    return shared_cache(response)


@require_safe
def news_sitemap(request):
    response = sitemap_views.sitemap(request, {"news": NewsSitemap}, template_name="distribution/sitemap_news.xml")
    response.context_data["publication_name"] = settings.NEWSROOM_NAME
    return shared_cache(response)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "Disallow: /admin/",
        "Disallow: /me",
        # A live blog's stream and catch-up JSON are for its page's script.
        "Disallow: /live/*/events",
        "Disallow: /live/*/updates",
        "Disallow: /live/*/teaser",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('distribution:sitemap_index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('distribution:sitemap_news')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    return shared_cache(response, ROBOTS_MAX_AGE)
