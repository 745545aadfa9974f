"""The CDN purge hook: after each event, tell a cache in front of the site
that a stream's cached copies (its page, its /updates answers) are stale.

Set REALTIME_PURGE_HOOK to the dotted path of a callable taking
(source, key, seq); it runs after commit in the writing process, like a
broker's publish. None by default: the short Cache-Control lifetimes bound
staleness anyway. Responses carry `Surrogate-Key: <source>-<key>`, the key a
CDN purge names (the key percent-encoded, so a slug in any script stays one
ASCII header value). A failing hook is logged and never fails the write."""

import logging
from urllib.parse import quote

from django.conf import settings
from django.utils.module_loading import import_string

from realtime.registry import add_listener

log = logging.getLogger(__name__)


def surrogate_key(source: str, key: str) -> str:
    return f"{source}-{quote(key, safe='')}"


def install() -> None:
    path = settings.REALTIME_PURGE_HOOK
    if not path:
        return
    hook = import_string(path)

    def purge(source: str, key: str, seq: int) -> None:
        try:
            hook(source, key, seq)
        except Exception:
            log.exception("realtime: purge hook %s failed for %s", path, surrogate_key(source, key))

    add_listener(purge)
