"""Embeds for other sites: the framed page /embed/<slug>/, the one-line
loader script (static/distribution/embed.js) and the oEmbed provider.

The embed page is the one page other sites may frame: it sends its own
Content-Security-Policy with `frame-ancestors *` and no X-Frame-Options.
Like the reader page it is the same bytes for everyone (no cookie, no CSRF
token), and it keeps itself fresh with the reader page's own script."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from liveblogs.models import LiveBlog, card_prefetches
from liveblogs.timeline import pinned_post
from newsline.lib.conditional import public_cache
from newsline.lib.languages import content_language
from newsline.middleware import EMBED_CSP

EMBED_POSTS = 10
THEMES = ("auto", "light", "dark")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 600, 700
MIN_SIZE, MAX_SIZE = 200, 4000


def embed_url(blog: LiveBlog, theme: str = "auto") -> str:
    url = settings.SITE_URL + reverse("distribution:embed", args=[blog.slug])
    return url + (f"?theme={theme}" if theme != "auto" else "")


@require_safe
@xframe_options_exempt
def embed(request, slug):
    blog = get_object_or_404(LiveBlog.objects.public(), slug=slug)
    theme = request.GET.get("theme", "auto")
    if theme not in THEMES:
        theme = "auto"
    visible = blog.posts.visible()
    posts = list(visible.filter(is_pinned=False).newest_first()[:EMBED_POSTS])
    pinned = pinned_post(blog)
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(([pinned] if pinned else []) + posts, *card_prefetches())
    context = {"blog": blog, "posts": posts, "pinned": pinned, "theme": theme, "blog_url": blog.absolute_url}
    with content_language(blog.language):  # the same bytes for every site that embeds it
        response = render(request, "distribution/embed.html", context)
    response["Content-Language"] = blog.language
    response["Content-Security-Policy"] = EMBED_CSP
    return public_cache(response)


@require_safe
@xframe_options_exempt
def embed_alias(request, slug):
    """/live/<slug>/embed/ (the address issue 7 names) → the embed page."""
    target = reverse("distribution:embed", args=[slug])
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponsePermanentRedirect(target)
    response["Content-Security-Policy"] = EMBED_CSP
    return response


def _size(value, default: int) -> int:
    try:
        return max(MIN_SIZE, min(int(value), MAX_SIZE))
    except (TypeError, ValueError):
        return default


def _blog_for_url(url: str) -> LiveBlog | None:
    """The public blog a URL on this site points at (its page, a post's
    permalink, or its embed page), or None."""
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or parts.netloc != site.netloc:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name not in ("liveblogs:blog", "distribution:embed"):
        return None
    return LiveBlog.objects.public().filter(slug=match.kwargs.get("slug")).first()


@require_safe
def oembed(request):
    """oEmbed 1.0 provider (https://oembed.com): a blog URL → a `rich` embed."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse(gettext("Only format=json is offered."), status=501, content_type="text/plain")
    blog = _blog_for_url(request.GET.get("url", "")[:2000])
    if blog is None:
        raise Http404(gettext("Not a live blog on this site."))
    width = (
        min(_size(request.GET.get("maxwidth"), DEFAULT_WIDTH), DEFAULT_WIDTH)
        if request.GET.get("maxwidth")
        else DEFAULT_WIDTH
    )
    height = (
        min(_size(request.GET.get("maxheight"), DEFAULT_HEIGHT), DEFAULT_HEIGHT)
        if request.GET.get("maxheight")
        else DEFAULT_HEIGHT
    )
    src = embed_url(blog)
    html = (
        f'<iframe src="{escape(src)}" width="{width}" height="{height}" style="border:0;max-width:100%" '
        f'title="{escape(blog.headline)}" loading="lazy"></iframe>'
    )
    data = {
        "version": "1.0",
        "type": "rich",
        "title": blog.headline,
        "provider_name": settings.NEWSROOM_NAME,
        "provider_url": settings.SITE_URL + "/",
        "html": html,
        "width": width,
        "height": height,
        "cache_age": 3600,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return public_cache(response)
