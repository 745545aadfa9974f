"""The demo's readers report: reader samples, page views, polling minutes,
permalink opens and shares over each demo blog's coverage, so a newcomer's
first look at /desk/blogs/<slug>/analytics/ shows a real chart.

Made up, but by a rule and not at random: a quieter night and a busier day,
and a crowd arriving after each post (more after a key event) that drifts
away over the next half hour; the same coverage gives the same figures
(a generator seeded by the blog's address). Written only where the blog has
no samples yet, so running load_demo again adds nothing and never mixes
with what the real sampler and beacon have counted."""

import math
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.db import transaction

from liveblogs.models import LiveBlog, PostTraffic, ReaderSample, TrafficHour

# Readers stay on a page for about this many minutes: a view per this many reader-minutes.
MINUTES_PER_VIEW = 9
POLLING_SHARE = 0.07  # of reader time, on the polling fallback


def _readers(at: datetime, posts: list[tuple[datetime, bool]], scale: float) -> float:
    hour = at.hour + at.minute / 60
    day = 0.55 + 0.45 * math.sin((hour - 9) / 24 * 2 * math.pi)  # lowest around 03:00 UTC
    crowd = 0.0
    for published, key in posts:
        since = (at - published).total_seconds() / 60
        if 0 <= since < 180:
            crowd += (420 if key else 90) * math.exp(-since / 28)
    return scale * (180 * day + crowd)


@transaction.atomic
def load(blog: LiveBlog, now: datetime) -> bool:
    """Write the blog's demo figures; False if it already has samples."""
    if blog.opened_at is None or blog.reader_samples.exists():
        return False
    rng = random.Random(f"newsline-demo-{blog.slug}")
    scale = 1.0 if blog.language in ("", "en") else 0.35
    start = blog.opened_at.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
    end = (blog.closed_at or now).astimezone(UTC).replace(second=0, microsecond=0)
    visible = list(blog.posts.visible().order_by("published_at").values_list("pk", "published_at", "is_key_event"))
    posts = [(published, key) for _, published, key in visible]

    samples = []
    minutes: dict[datetime, int] = defaultdict(int)
    at = start
    while at < end:
        readers = max(0, round(_readers(at, posts, scale) * rng.uniform(0.93, 1.07)))
        samples.append(ReaderSample(blog=blog, taken_at=at, readers=readers))
        minutes[at.replace(minute=0)] += readers
        at += timedelta(minutes=1)
    ReaderSample.objects.bulk_create(samples, batch_size=500, ignore_conflicts=True)
    if not minutes:
        return False
    first_hour, last_hour = min(minutes), max(minutes)

    # Opens and shares per post: key events and early news are opened most.
    traffic = []
    opens_by_hour: dict[datetime, list[int]] = defaultdict(lambda: [0, 0])
    for pk, published, key in visible:
        opens = round(scale * (260 if key else 40) * rng.uniform(0.6, 1.4))
        shares = round(opens * rng.uniform(0.08, 0.2))
        traffic.append(PostTraffic(post_id=pk, blog=blog, permalink_opens=opens, shares=shares))
        # Most of them in the hours after the post went up (within the
        # coverage), adding up to the post's own figures.
        first_opens, first_shares = round(opens * 0.6), round(shares * 0.6)
        next_opens, next_shares = round(opens * 0.25), round(shares * 0.25)
        parts = ((first_opens, first_shares), (next_opens, next_shares),
                 (opens - first_opens - next_opens, shares - first_shares - next_shares))
        for offset, (o, sh) in enumerate(parts):
            hour = (published.astimezone(UTC) + timedelta(hours=offset)).replace(minute=0, second=0, microsecond=0)
            hour = min(max(hour, first_hour), last_hour)
            opens_by_hour[hour][0] += o
            opens_by_hour[hour][1] += sh
    PostTraffic.objects.bulk_create(traffic, ignore_conflicts=True)
    TrafficHour.objects.bulk_create(
        [
            TrafficHour(
                blog=blog,
                hour=hour,
                page_views=round(stream / MINUTES_PER_VIEW) + opens_by_hour[hour][0],
                permalink_opens=opens_by_hour[hour][0],
                shares=opens_by_hour[hour][1],
                polling_minutes=round(stream * POLLING_SHARE),
            )
            for hour, stream in sorted(minutes.items())
        ],
        ignore_conflicts=True,
    )
    return True
