"""Optional spam check with Akismet (the `akismet` package's SyncClient),
on when AKISMET_API_KEY is set. `post_comment` asks before it locks the
thread; the `spam` pipeline step holds what Akismet calls spam for a
moderator (tag `spam`). Akismet needs the commenter's address, so only
comments posted through a request (which pass `client`) are checked.

A failing or slow service never blocks a comment: errors are logged and the
comment goes on through the rest of the pipeline (3-second timeout)."""

import logging

from django.conf import settings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3.0


def _http_client():
    import httpx

    return httpx.Client(timeout=TIMEOUT_SECONDS)


def _setting(name: str, default=""):
    return getattr(settings, name, default)


def enabled() -> bool:
    return bool(_setting("AKISMET_API_KEY"))


def check(*, text: str, user, blog, client: dict | None) -> bool | None:
    """True: spam; False: not; None: not checked (off, no address, or an error)."""
    if not enabled() or not client or not client.get("ip"):
        return None
    import akismet

    config = akismet.Config(key=_setting("AKISMET_API_KEY"), url=_setting("AKISMET_SITE_URL") or settings.SITE_URL)
    http = _http_client()
    try:
        # Not the context manager: it verifies the key on every entry (a second request per comment).
        service = akismet.SyncClient(config=config, http_client=http)
        verdict = service.comment_check(
            user_ip=client["ip"], user_agent=client.get("user_agent", ""), referrer=client.get("referrer", ""),
            comment_type="reply" if client.get("reply") else "comment", comment_content=text,
            comment_author=getattr(user, "byline", "") or user.get_username(),
            comment_author_email=user.email,
            permalink=f"{settings.SITE_URL}/live/{blog.slug}/",
            is_test=bool(_setting("AKISMET_TEST_MODE", False)),
        )
    except Exception as exc:
        log.warning("community: Akismet unavailable (%s); the comment goes on without it", type(exc).__name__)
        return None
    finally:
        http.close()
    return verdict != akismet.CheckResponse.HAM


def client_of(request, *, reply: bool = False) -> dict:
    """What Akismet wants to know about the request, the address as the rate limits see it."""
    from community.limits import client_ip

    return {"ip": client_ip(request), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:500],
            "referrer": request.META.get("HTTP_REFERER", "")[:500], "reply": reply}
