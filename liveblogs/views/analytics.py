"""The desk's analytics for one blog: concurrent readers over the coverage
and what the reader pages reported (liveblogs.analytics) as a page with
server-drawn charts, as three CSV files, and as a small panel on the blog's
desk page (settings.DESK_BLOG_PANELS).

Other apps add sections to the page (settings.DESK_ANALYTICS_SECTIONS:
callables (request, blog) -> HTML or None, the votes app's poll results), so
liveblogs imports none of them."""

import csv
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from liveblogs import access, analytics
from liveblogs.models import LiveBlog
from liveblogs.panels import DeskPanel
from liveblogs.views.desk.common import NOT_ON_TEAM, desk_view, forbidden


def _sections(request, blog: LiveBlog) -> list:
    return [html for path in settings.DESK_ANALYTICS_SECTIONS if (html := import_string(path)(request, blog))]


@desk_view
@never_cache
@require_safe
def blog_analytics(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_analytics(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    context = {"blog": blog, **analytics.report(blog), "sections": _sections(request, blog)}
    return render(request, "liveblogs/desk/blog_analytics.html", context)


def _csv(blog: LiveBlog, name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # The blog's address may be in any script: an ASCII name, and the real one (RFC 6266).
    fallback = f"{blog.slug}-{name}.csv" if blog.slug.isascii() else f"{name}.csv"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(blog.slug)}-{name}.csv"
    )
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _csv_view(name: str, header: list[str], rows_of):
    @desk_view
    @never_cache
    @require_safe
    def view(request, slug):
        blog = get_object_or_404(LiveBlog, slug=slug)
        if not access.can_view_analytics(request.user, blog):
            return forbidden(request, NOT_ON_TEAM)
        return _csv(blog, name, header, rows_of(blog))

    return view


# One file per kind of figure, each a plain table with a header row (docs/desk.md).
blog_analytics_csv = _csv_view("readers", ["taken_at_utc", "stream_readers"], analytics.csv_rows)
blog_analytics_hours_csv = _csv_view(
    "hours",
    ["hour_utc", "page_views", "permalink_opens", "shares", "polling_reader_minutes", "stream_reader_minutes"],
    analytics.traffic_csv_rows,
)
blog_analytics_posts_csv = _csv_view(
    "posts", ["post_id", "headline", "permalink", "permalink_opens", "shares"], analytics.posts_csv_rows
)


def desk_panel(request, blog: LiveBlog) -> DeskPanel | None:
    """The blog's desk page: readers over the last hours as a small chart,
    today's page views, and the way to the full report (settings.DESK_BLOG_PANELS)."""
    if blog.status == LiveBlog.Status.DRAFT or not access.can_view_analytics(request.user, blog):
        return None
    html = render_to_string(
        "liveblogs/desk/_analytics_panel.html", {"blog": blog, **analytics.glance(blog)}, request=request
    )
    return DeskPanel(html=html)
