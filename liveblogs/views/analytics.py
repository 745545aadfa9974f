"""The desk's analytics for one blog: concurrent readers over the coverage
(liveblogs.analytics) as a page with a server-drawn chart, and as CSV."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from liveblogs import access, analytics
from liveblogs.models import LiveBlog
from liveblogs.views.desk.common import NOT_ON_TEAM, desk_view, forbidden


@desk_view
@never_cache
@require_safe
def blog_analytics(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_analytics(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    return render(request, "liveblogs/desk/blog_analytics.html", {"blog": blog, **analytics.report(blog)})


@desk_view
@never_cache
@require_safe
def blog_analytics_csv(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_analytics(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{blog.slug}-readers.csv"'
    writer = csv.writer(response)
    writer.writerow(["taken_at_utc", "stream_readers"])
    writer.writerows(analytics.csv_rows(blog))
    return response
