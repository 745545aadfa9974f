"""Rendering reader-visible changes into event payloads.

A payload is the exact JSON a reader receives over the stream or the
updates endpoint, with the post card rendered once, here, at write time."""

import json
import logging

from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone

from liveblogs.models import LiveBlog, Post
from newsline.lib.html_time import html_datetime

log = logging.getLogger(__name__)


class Kind:
    POST_PUBLISHED = "post.published"
    POST_UPDATED = "post.updated"
    POST_DELETED = "post.deleted"
    POST_RESTORED = "post.restored"
    POST_PINNED = "post.pinned"
    POST_UNPINNED = "post.unpinned"
    BLOG_OPENED = "blog.opened"
    BLOG_CLOSED = "blog.closed"
    BLOG_UPDATED = "blog.updated"


# What an event's payload renders: the post card and the blog's parts, and
# the templates the card includes (an {% include %} is compiled when first rendered).
PAYLOAD_TEMPLATES = (
    "liveblogs/_post.html",
    "liveblogs/_figure.html",
    "liveblogs/_embed.html",
    "votes/_post_slot.html",
    "votes/_results.html",
    "liveblogs/_blog_figure.html",
    "liveblogs/_blog_coverage.html",
    "liveblogs/_blog_summary.html",
)


def warm_up() -> None:
    """Load what encoding an event needs, once per process, at start-up: the
    URLconf (a post's URL is reversed, and the first reverse() imports every
    view module behind it) and the payload's templates, compiled into the
    cached loader. Otherwise the process's first event paid for both between
    its `at` and its commit: ~0.45 s more for every reader of the first post
    a process wrote (docs/performance.md, section 10). No database, no
    network: it can run before a server takes requests. A failure is logged,
    not raised: the first post then loads what is missing, as before."""
    try:
        reverse("liveblogs:blog", args=["warm-up"])
        for name in PAYLOAD_TEMPLATES:
            get_template(name)
    except Exception:
        log.exception("could not load the event payload's URLs and templates ahead of the first post")


def render_post_card(post: Post) -> str:
    return render_to_string("liveblogs/_post.html", {"post": post, "blog": post.blog})


def post_payload(post: Post) -> dict:
    return {
        "id": post.pk,
        "html": render_post_card(post),
        "published": html_datetime(post.published_at),  # copied into a <time datetime>
        "sort": post.cursor,
        "pinned": post.is_pinned,
        "key_event": post.is_key_event,
        "title": post.title,
        "url": post.get_absolute_url(),
    }


def encode(
    *, seq: int, kind: str, post: Post | None = None, post_id: int | None = None, blog: LiveBlog | None = None
) -> str:
    body: dict = {"seq": seq, "kind": kind, "at": timezone.now().isoformat()}
    if post is not None:
        body["post"] = post_payload(post)
    elif post_id is not None:
        body["post"] = {"id": post_id}
    if blog is not None:
        body["blog"] = {
            "status": blog.status,
            "headline": blog.headline,
            "standfirst": blog.standfirst,
            # The page top's picture, rendered as on the page ("" for none).
            "image_html": render_to_string("liveblogs/_blog_figure.html", {"image": blog.image})
            if blog.image_id
            else "",
            # "Coverage began … Coverage ended …", rendered as on the page.
            "coverage_html": render_to_string("liveblogs/_blog_coverage.html", {"blog": blog}).strip(),
            # "Key points so far", rendered as on the page ("" for none).
            "summary_html": render_to_string("liveblogs/_blog_summary.html", {"blog": blog}) if blog.summary else "",
            # Whether readers may react to posts (votes app): open pages show or hide the buttons.
            "reactions": blog.reactions_enabled,
        }
    # Compact and on one line: SSE frames it as a single data: field.
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
