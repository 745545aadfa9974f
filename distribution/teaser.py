"""The teaser: a live blog's latest few updates for other pages (a front
page, an article, another site), as an HTML fragment and as JSON.

Both are the same bytes for everyone (no session read, no cookie), cached
like /updates: `public` Cache-Control and an ETag named by the blog's epoch
and head seq, answered 304 before anything is rendered. Both allow any origin
(CORS `*`, no credentials), so a page elsewhere can fetch them; the static
script `distribution/teaser.js` does, and keeps the block live by polling the
JSON (docs/distribution.md, "Teaser")."""

import html
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from liveblogs.models import LiveBlog
from newsline.lib.conditional import etag_matches, public_cache
from newsline.lib.html_time import html_datetime
from newsline.lib.languages import content_language
from realtime.purge import surrogate_key

DEFAULT_COUNT = 5
MAX_COUNT = 10
EXCERPT_CHARS = 160


def _count(request) -> int:
    value = request.GET.get("n", "")
    if value.isdigit():
        return max(1, min(int(value), MAX_COUNT))
    return DEFAULT_COUNT


def _excerpt(text: str) -> str:
    text = html.unescape(text)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1].rstrip() + "…"


def teaser_data(blog: LiveBlog, count: int) -> dict:
    """What both forms show: the blog and its `count` latest visible posts."""
    posts = list(blog.posts.visible().newest_first().only(
        "id", "blog_id", "headline", "article_headline", "body", "kind", "article_author", "article_standfirst",
        "published_at", "is_key_event",
    )[:count])
    statuses = {LiveBlog.Status.LIVE: gettext("Live"), LiveBlog.Status.ENDED: gettext("Ended")}
    return {
        "blog": {
            "slug": blog.slug, "headline": blog.headline, "url": blog.absolute_url, "status": blog.status,
            "status_label": statuses.get(blog.status, ""),
        },
        "epoch": blog.epoch,
        "head": blog.head_seq,
        "posts": [
            {
                "id": p.pk,
                "url": f"{blog.absolute_url}?around={p.pk}#post-{p.pk}",
                "title": p.title,
                "text": _excerpt(p.plain_text) if not p.title else "",
                "published_at": html_datetime(p.published_at),  # a <time datetime>: to the second
                "time": timezone.localtime(p.published_at).strftime("%H:%M"),
                "key_event": p.is_key_event,
            }
            for p in posts
        ],
        "labels": {
            "more": gettext("Follow the live coverage"),
            "empty": gettext("No updates yet."),
            "key_event": gettext("Key event"),
        },
    }


def _answer(request, slug, render_body, content_type: str):
    blog = get_object_or_404(LiveBlog.objects.public(), slug=slug)
    count = _count(request)
    etag = f'"{blog.epoch}-{blog.head_seq}-{count}-{settings.RENDER_VERSION}-{blog.language}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    else:
        with content_language(blog.language):  # the blog's language, the same bytes for every page
            response = HttpResponse(render_body(teaser_data(blog, count)), content_type=content_type)
    response["Content-Language"] = blog.language
    # Public, the same for everyone: any page may fetch it (no credentials).
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    response["Surrogate-Key"] = surrogate_key("liveblog", blog.slug)
    return public_cache(response, etag)


@require_safe
def teaser(request, slug):
    """The latest ?n= (1-10, default 5) updates as an HTML fragment."""
    return _answer(request, slug, lambda data: render_to_string("distribution/_teaser.html", data),
                   "text/html; charset=utf-8")


@require_safe
def teaser_json(request, slug):
    """The same as JSON, for distribution/teaser.js and other scripts."""
    return _answer(request, slug, lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                   "application/json")
