"""Reader pages. They are the same bytes for every reader: they never read
the session or the user, set no cookie and carry no CSRF token, so shared
caches can keep them. Personal parts arrive later by script."""

import zlib

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseGone, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from liveblogs import slots
from liveblogs.models import CARD_JOINS, LiveBlog, Post, card_prefetches
from liveblogs.structured_data import live_blog_posting
from liveblogs.timeline import older_than, parse_cursor, pinned_post
from newsline.lib.conditional import etag_matches, public_cache
from newsline.lib.languages import content_language


@require_safe
def front(request):
    live = list(LiveBlog.objects.live().select_related("image").order_by("-last_activity_at")[:30])
    ended = list(LiveBlog.objects.ended().select_related("image").order_by("-closed_at")[:12])
    return public_cache(render(request, "liveblogs/front.html", {"live": live, "ended": ended}))


@require_safe
def blog(request, slug):
    # Its ad slots and their fill come joined (liveblogs.slots): no query of their own.
    blog = get_object_or_404(LiveBlog.objects.public().select_related("image", "slot_plan__fill"), slug=slug)
    query_key = f"b{request.GET.get('before', '')}a{request.GET.get('around', '')}"
    # The language is in it too: a blog's new language re-renders every copy.
    version = f"{settings.RENDER_VERSION}-{blog.language}"
    etag = f'"{blog.epoch}-{blog.head_seq}-{version}-{zlib.crc32(query_key.encode()):x}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        return public_cache(HttpResponseNotModified(), etag)
    response = render_blog_page(request, blog)
    return public_cache(response, etag if response.status_code == 200 else None)


def render_blog_page(request, blog, *, preview: str = ""):
    """The reader page of `blog` (its first page, an older page or a
    permalink's page, from the query string), in the blog's language.
    `preview` is "" for readers, "staff" or "link" for a preview of a blog
    readers may not see yet: the page then says so and its live script
    stays off. Caching is the caller's."""
    with content_language(blog.language):
        response = _render_blog_page(request, blog, preview=preview)
    response["Content-Language"] = blog.language
    return response


def _render_blog_page(request, blog, *, preview: str):
    before = parse_cursor(request.GET.get("before"))
    around = request.GET.get("around", "")

    # Through the related manager so every post knows its blog (no query per post).
    visible = blog.posts.visible()
    # Card parts of other apps (a post's poll) come joined to the posts.
    timeline = visible.filter(is_pinned=False).select_related(*CARD_JOINS).newest_first()
    first_page = True
    if around.isdigit():
        target = visible.filter(pk=int(around)).values_list("published_at", "id").first()
        if target is None:
            if blog.posts.filter(pk=int(around), state=Post.State.REMOVED).exists():
                # Taken down for legal reasons: gone for good, and says so.
                return HttpResponseGone(render_to_string("liveblogs/gone.html", {"blog": blog}))
            raise Http404("No such post in this live blog.")
        # The page that starts at the shared post: it and everything older.
        timeline = older_than(timeline, *target, inclusive=True)
        first_page = False
    elif before:
        timeline = older_than(timeline, *before)
        first_page = False

    size = settings.LIVEBLOG_PAGE_SIZE
    posts = list(timeline[: size + 1])
    older_cursor = posts[size - 1].cursor if len(posts) > size else None
    posts = posts[:size]

    pinned = pinned_post(blog) if first_page else None
    key_events = list(
        visible.filter(is_key_event=True)
        .newest_first()
        .only("id", "headline", "article_headline", "published_at", "blog_id")[:20]
    )
    topics = list(blog.topics.all())
    on_page = ([pinned] if pinned else []) + posts
    # Ad slots between the posts, placed by the count from the blog's first post.
    slot_plan = slots.plan_for(blog)
    slot_total = slots.place(slot_plan, blog, posts)
    # Bylines and corrections for every card, one query each however many posts.
    prefetch_related_objects(on_page, *card_prefetches())

    context = {
        "blog": blog,
        "topics": topics,
        "pinned": pinned,
        "posts": posts,
        "key_events": key_events,
        "older_cursor": older_cursor,
        "first_page": first_page,
        "structured_data": live_blog_posting(blog, on_page),
        "canonical_url": blog.absolute_url,
        "preview": preview,
        "slot_plan": slot_plan,
        "slot_total": slot_total,
    }
    return render(request, "liveblogs/blog.html", context)


def _private_preview(response):
    """A preview is for one person: never stored, never indexed, and the
    address (a link's token) is not sent on to other sites."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def preview_link(request, token):
    """A draft blog's reader page through a signed link an editor made
    (liveblogs.preview_links): no sign-in needed, so the page reads no
    session and sets no cookie, like every reader page."""
    from liveblogs import preview_links

    try:
        blog = preview_links.blog_for(token)
    except preview_links.BadLink as e:
        response = render(request, "liveblogs/preview_link_invalid.html", {"message": str(e)}, status=410)
        response.is_public = True  # no cookies
        return _private_preview(response)
    if blog.status != LiveBlog.Status.DRAFT:
        # Open now: the public page is the one to read (and share).
        return _private_preview(redirect(blog.get_absolute_url()))
    response = render_blog_page(request, blog, preview="link")
    response.is_public = True  # no cookies
    return _private_preview(response)


@require_safe
def media(request, path):
    """An uploaded file from MEDIA_ROOT (settings.SERVE_MEDIA). Picture
    renditions are written once under a random folder and never change."""
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    response.is_public = True
    return response
