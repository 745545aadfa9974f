"""The reader's timeline, newest first: the cursor a "load older" link
carries, the pinned post, and the page of posts older than a cursor. The
reader views, the API and the embed all read the timeline through these, so
they page the same way and stay on post_timeline_idx whatever the blog's size."""

from datetime import datetime
from datetime import timezone as dt_timezone

from django.db.models import Q

from liveblogs.models import CARD_JOINS


def parse_cursor(value: str | None) -> tuple[datetime, int] | None:
    """'<microseconds>.<id>' → (published time, id), or None if malformed."""
    if not value:
        return None
    try:
        micros, pk = value.split(".", 1)
        when = datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt_timezone.utc)
        return when, int(pk)
    except (ValueError, OverflowError, OSError):
        return None


def pinned_post(blog):
    """The blog's visible pinned post, or None. Asked for by blog and flag
    alone, unordered, so both SQLite and PostgreSQL answer from the small
    one-pinned-post partial index (with the visibility terms in the query,
    SQLite chose to scan every post); visibility is checked here instead."""
    # Card parts of other apps (a post's poll) come joined (models.CARD_JOINS).
    post = next(iter(blog.posts.filter(is_pinned=True).select_related(*CARD_JOINS).order_by()[:1]), None)
    if post is None or post.deleted_at is not None or post.published_at is None:
        return None
    return post


def older_than(posts, published_at, post_id, *, inclusive=False):
    """Posts after (published_at, id) in newest-first order. Written as a
    range on published_at plus a tie-break, not as an OR of two ranges, so
    the database walks post_timeline_idx from the cursor and stops after one
    page, whatever the blog's size."""
    tie = Q(id__lte=post_id) if inclusive else Q(id__lt=post_id)
    return posts.filter(Q(published_at__lte=published_at) & (Q(published_at__lt=published_at) | tie))
