"""Old addresses of live blogs whose slug an editor changed.

A request that found nothing (404) under an address a blog used to have
(`/live/<old>/…`, `/embed/<old>/`, `/desk/blogs/<old>/…`) is answered with a
permanent redirect to the same path under the blog's address now, query
string kept: the reader page, post permalinks (`?around=`), `/updates`,
`/events` (EventSource follows redirects), feeds, comments and embeds all
move with it. Only 404s are looked at, so a current address never pays a
query, and the lookup is one indexed read.

Sync and async capable (newsline/lib/middleware.py says why)."""

import re

from django.http import HttpResponsePermanentRedirect

from newsline.lib.middleware import SyncAndAsyncMiddleware

# The path prefixes that carry a blog's slug as their next segment.
_SLUG_PATH = re.compile(r"^/(?P<prefix>live|embed|desk/blogs)/(?P<slug>[-\w]{1,120})(?P<rest>/.*)?$")
# An editor may take an old address back, and a cached redirect from the old
# address to the new one would then send readers round in a loop: a minute
# keeps repeat visits cheap without trapping anyone for long.
REDIRECT_MAX_AGE = 60


class PermanentRedirect308(HttpResponsePermanentRedirect):
    # A form sent to the old address is sent again, unchanged, to the new one.
    status_code = 308


class RenamedBlogRedirectMiddleware(SyncAndAsyncMiddleware):
    def handle(self, request):
        response = self.get_response(request)
        match = _renamed_candidate(request, response)
        if match is None:
            return response
        return _redirect(request, response, match, _current_slug(match["slug"]).first())

    async def __acall__(self, request):
        response = await self.get_response(request)
        match = _renamed_candidate(request, response)
        if match is None:
            return response
        return _redirect(request, response, match, await _current_slug(match["slug"]).afirst())


def _renamed_candidate(request, response):
    """The path's parts when a 404 came from an address that may be an old slug."""
    if response.status_code != 404:
        return None
    return _SLUG_PATH.match(request.path_info)


def _current_slug(old_slug):
    from liveblogs.models import BlogSlugHistory

    return BlogSlugHistory.objects.filter(slug=old_slug).values_list("blog__slug", flat=True)


def _redirect(request, not_found, match, slug):
    """A permanent redirect to the blog's address now, or the 404 as it was."""
    if slug is None:
        return not_found
    target = f"/{match['prefix']}/{slug}{match['rest'] or ''}"
    query = request.META.get("QUERY_STRING", "")
    if query:
        target += "?" + query
    cls = HttpResponsePermanentRedirect if request.method in ("GET", "HEAD") else PermanentRedirect308
    redirect = cls(target)
    redirect["Cache-Control"] = f"public, max-age={REDIRECT_MAX_AGE}"
    redirect.is_public = True  # the same for everyone: no cookies added on the way out
    return redirect
