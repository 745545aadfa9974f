"""schema.org data beyond the blog's LiveBlogPosting (which liveblogs
builds): a NewsArticle for a post's permalink page and a BreadcrumbList for
every blog page, as safe JSON for a <script type="application/ld+json">."""

import json
import logging

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import mark_safe

from newsline.lib.languages import bcp47

log = logging.getLogger(__name__)

# As Django's json_script: nothing in the data can end the element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _dump(data) -> str:
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES))


def breadcrumbs(blog, topics) -> list[tuple[str, str]]:
    """Home › first topic (if any) › the blog."""
    trail = [(settings.NEWSROOM_NAME, settings.SITE_URL + "/")]
    if topics:
        topic = topics[0]
        trail.append((topic.name, settings.SITE_URL + reverse("distribution:topic", args=[topic.slug])))
    trail.append((blog.headline, blog.absolute_url))
    return trail


def breadcrumb_list(blog, topics) -> str:
    try:
        return _dump({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": name, "item": url}
                for i, (name, url) in enumerate(breadcrumbs(blog, topics), start=1)
            ],
        })
    except Exception:
        log.exception("breadcrumbs for blog %s could not be built; omitted", blog.pk)
        return ""


def news_article(post, blog, image_url: str = "") -> str:
    """A post's own page (its permalink) described as a NewsArticle that is
    part of the live blog."""
    try:
        headline = (post.title or post.plain_text[:110] or f"Update on {blog.headline}")[:110]
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": headline,
            "datePublished": post.published_at,
            "dateModified": post.edited_at or post.published_at,
            "articleBody": post.plain_text,
            "url": post.absolute_url,
            "mainEntityOfPage": post.absolute_url,
            "inLanguage": bcp47(blog.language),
            "isPartOf": {"@type": "LiveBlogPosting", "headline": blog.headline, "url": blog.absolute_url},
            "publisher": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.SITE_URL},
        }
        names = post.bylines
        if names:
            data["author"] = [{"@type": "Person", "name": n} for n in names]
        if image_url:
            data["image"] = [image_url]
        return _dump(data)
    except Exception:
        log.exception("NewsArticle for post %s could not be built; omitted", post.pk)
        return ""




def blog_image_url(blog) -> str:
    """The blog's picture (LiveBlog.image) as the absolute URL of its
    rendition at least SHARE_IMAGE_WIDTH wide, or its widest; '' if none."""
    if not blog.image_id:
        return ""
    from liveblogs.structured_data import SHARE_IMAGE_WIDTH

    return blog.image.absolute_url_at_least(SHARE_IMAGE_WIDTH)
