"""schema.org LiveBlogPosting for a reader page, as safe JSON for <head>."""

import json
import logging

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from newsline.lib.languages import bcp47

log = logging.getLogger(__name__)

# Google asks for article images 1200 px wide or more (and so do link previews).
SHARE_IMAGE_WIDTH = 1200

# The same escapes as Django's json_script: nothing in the data can close
# the <script> element or open a comment.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _update(post) -> dict:
    item = {
        "@type": "BlogPosting",
        "headline": (post.title or post.plain_text[:110])[:110],
        "datePublished": post.published_at,
        "dateModified": post.edited_at or post.published_at,
        "articleBody": post.plain_text,
        "url": post.absolute_url,
    }
    if post.image_id and post.image:
        src = post.image.src
        item["image"] = {
            "@type": "ImageObject",
            "url": settings.SITE_URL + src if src.startswith("/") else src,
            "width": post.image.width,
            "height": post.image.height,
            "caption": post.image.credit_line or post.image.alt_text,
        }
    names = post.bylines
    if names:
        item["author"] = [{"@type": "Person", "name": n} for n in names]
    return item


def live_blog_posting(blog, posts) -> str:
    """The JSON-LD, or '' if anything in the data cannot be encoded: a bad
    row must never break the page."""
    try:
        data = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": blog.headline,
            "description": blog.standfirst,
            "url": blog.absolute_url,
            "mainEntityOfPage": blog.absolute_url,
            "inLanguage": bcp47(blog.language),
            "coverageStartTime": blog.opened_at or blog.created_at,
            "datePublished": blog.opened_at or blog.created_at,
            "dateModified": blog.last_activity_at,
            "publisher": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.SITE_URL},
            "liveBlogUpdate": [_update(p) for p in posts],
        }
        rendition = blog.image.rendition_at_least(SHARE_IMAGE_WIDTH) if blog.image_id else None
        if rendition:
            data["image"] = {
                "@type": "ImageObject",
                "url": blog.image.absolute_url_at_least(SHARE_IMAGE_WIDTH),
                "width": rendition["width"],
                "height": rendition["height"],
                "caption": blog.image.credit_line or blog.image.alt_text,
            }
        if blog.is_ended and blog.closed_at:
            data["coverageEndTime"] = blog.closed_at
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    except Exception:
        log.exception("structured data for blog %s could not be built; omitted", blog.pk)
        return ""
    return mark_safe(text)
