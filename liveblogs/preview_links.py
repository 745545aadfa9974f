"""Signed, expiring links to a draft blog's reader page, for a colleague
without a desk role (the legal desk, say).

A link carries the blog's id and its `preview_links_version`, signed with
SECRET_KEY (django.core.signing, its own salt) and stamped with the time it
was made; it works for LIVEBLOG_PREVIEW_LINK_HOURS. Bumping the blog's
version (liveblogs.actions.revoke_preview_links) makes every earlier link
fail at once. Pages shown through a link are private, no-store and noindex,
and never go through the fast lane's page cache (they are not under /live/)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SALT = "liveblogs.preview-link"


class BadLink(Exception):
    """Expired, revoked, tampered with or for a blog that is gone; the message is for the visitor."""


def max_age() -> timedelta:
    return timedelta(hours=settings.LIVEBLOG_PREVIEW_LINK_HOURS)


def make_token(blog) -> str:
    return signing.dumps({"b": blog.pk, "v": blog.preview_links_version}, salt=SALT, compress=False)


def url_for(blog) -> str:
    return settings.SITE_URL + reverse("liveblogs:preview_link", args=[make_token(blog)])


def expires_at(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + max_age()


def blog_for(token: str):
    """The LiveBlog a token names, or BadLink."""
    from liveblogs.models import LiveBlog

    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise BadLink(_("This preview link has expired. Ask the editor who sent it for a new one.")) from None
    except signing.BadSignature:
        raise BadLink(_("This preview link is not valid. Check that it was copied in full.")) from None
    if not isinstance(data, dict):
        raise BadLink(_("This preview link is not valid. Check that it was copied in full."))
    blog = LiveBlog.objects.select_related("image").filter(pk=data.get("b")).first()
    if blog is None:
        raise BadLink(_("This live blog no longer exists."))
    if data.get("v") != blog.preview_links_version:
        raise BadLink(_("This preview link has been withdrawn. Ask the editor who sent it for a new one."))
    return blog
