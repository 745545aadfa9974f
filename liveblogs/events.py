"""Rendering reader-visible changes into event payloads.

A payload is the exact JSON a reader receives over the stream or the
updates endpoint, with the post card rendered once, here, at write time."""

import json

from django.template.loader import render_to_string
from django.utils import timezone

from liveblogs.models import LiveBlog, Post
from newsline.lib.html_time import html_datetime


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
