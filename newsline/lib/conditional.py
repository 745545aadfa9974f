"""Cacheable answers: the shared-cache headers, and If-None-Match answered one way everywhere: the fast lane's pages and
/updates, the comment fragment, the reader views and the API.

Django's own parser (`django.utils.cache.parse_etags`) reads the header and
the comparison is RFC 9110's weak one, so `*`, lists and `W/` tags all work;
the common case (a browser sending back exactly the tag it was given) is a
string comparison with no parsing, which keeps the fast lane's 304s cheap.
"""

from django.conf import settings
from django.utils.cache import parse_etags


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def etag_matches(if_none_match: str | bytes | None, etag: str | bytes) -> bool:
    """True when a conditional GET carrying `if_none_match` already has `etag`."""
    if not if_none_match:
        return False
    if isinstance(if_none_match, bytes):
        if_none_match = if_none_match.decode("latin-1")
    if isinstance(etag, bytes):
        etag = etag.decode("latin-1")
    if if_none_match == etag:
        return True
    tags = parse_etags(if_none_match)
    if tags == ["*"]:
        return True
    return _opaque(etag) in {_opaque(t) for t in tags}


def public_cache(response, etag: str | None = None):
    """Mark a reader answer as the same for everyone: shared caches may keep
    it for READER_CACHE_MAX_AGE and serve it stale while revalidating."""
    response["Cache-Control"] = (
        f"public, max-age={settings.READER_CACHE_MAX_AGE}, stale-while-revalidate={settings.READER_CACHE_SWR}"
    )
    if etag:
        response["ETag"] = etag
    response.is_public = True  # no cookies may be added on the way out
    return response
