"""Editor analytics for one blog: concurrent readers sampled once a minute
and the figures the desk's report page shows.

`sample_readers()` is a worker scheduler (settings.WORKER_SCHEDULERS):
`manage.py run_worker` calls it at start and every WORKER_SCHEDULE_SECONDS.
Each call writes one ReaderSample per live blog for the current UTC minute;
the (blog, minute) constraint makes every further call in that minute, from
this worker or another, write nothing. The figure is the desk's "readers
now" (realtime.audience.readers_now): readers holding the blog's public
stream open, summed over every server process (and a GRIP proxy's). Readers
who only poll /updates are not counted here. No personal data: a count per blog.

What the reader pages themselves report (liveblogs.beacon: page views,
permalink opens, shares, minutes on the polling fallback) is kept per hour
(TrafficHour) and per post (PostTraffic); `traffic()` shapes it for the
report beside the samples."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import ngettext

from liveblogs.models import LiveBlog, PostTraffic, ReaderSample, TrafficHour
from liveblogs.stream import SOURCE
from newsline.charts import Bar, bar_chart, line_chart
from newsline.templatetags.newsline_i18n import news_datetime
from realtime.audience import readers_now

# The chart draws at most this many points; a longer coverage keeps the
# highest count of each stretch, so the peak is never smoothed away.
CHART_POINTS = 360
# The page views chart and the hourly table show at most the latest this many hours.
CHART_HOURS = 168
TOP_POSTS = 10


def minute_start(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def sample_readers(now: datetime | None = None) -> int:
    """One sample per live blog for this minute; returns how many were new."""
    taken_at = minute_start(now or timezone.now())
    samples = [
        ReaderSample(blog_id=blog_id, taken_at=taken_at, readers=readers_now(SOURCE, slug))
        for blog_id, slug in LiveBlog.objects.filter(status=LiveBlog.Status.LIVE).values_list("id", "slug")
    ]
    before = ReaderSample.objects.filter(taken_at=taken_at).count()
    ReaderSample.objects.bulk_create(samples, ignore_conflicts=True)
    return ReaderSample.objects.filter(taken_at=taken_at).count() - before


def _thinned(samples: list[ReaderSample], limit: int) -> list[ReaderSample]:
    if len(samples) <= limit:
        return samples
    size = -(-len(samples) // limit)  # ceiling division
    return [max(samples[i : i + size], key=lambda s: s.readers) for i in range(0, len(samples), size)]


def report(blog: LiveBlog) -> dict:
    """Readers now, the peak and when, the chart over the coverage, and what
    the pages reported (traffic())."""
    # Not through blog.reader_samples: with only() it would read each row's blog id again.
    samples = list(ReaderSample.objects.filter(blog=blog).only("taken_at", "readers").order_by("taken_at"))
    peak = max(samples, key=lambda s: (s.readers, -s.taken_at.timestamp()), default=None)
    shown = _thinned(samples, CHART_POINTS)
    return {
        **traffic(blog, samples),
        "readers_now": None if blog.status == LiveBlog.Status.DRAFT else readers_now(SOURCE, blog.slug),
        "samples": shown,
        "sample_count": len(samples),
        "peak": peak,
        "chart": line_chart([(s.taken_at, s.readers) for s in shown]),
        "first": samples[0].taken_at if samples else None,
        "last": samples[-1].taken_at if samples else None,
    }


def csv_rows(blog: LiveBlog):
    """Every sample, oldest first: (ISO time in UTC, readers)."""
    rows = blog.reader_samples.order_by("taken_at").values_list("taken_at", "readers")
    for taken_at, readers in rows.iterator():
        yield taken_at.astimezone(UTC).isoformat(), readers



def _hour(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def traffic(blog: LiveBlog, samples: list[ReaderSample]) -> dict:
    """Page views, permalink opens and shares (totals, per hour, a bar chart
    of page views per hour), reader time on the stream against the polling
    fallback, and the top posts."""
    rows = {row.hour: row for row in blog.traffic_hours.order_by("hour")}
    # Reader-minutes on the stream: each minute's sample counts its readers once.
    stream_minutes: dict[datetime, int] = defaultdict(int)
    sampled: dict[datetime, int] = defaultdict(int)
    for s in samples:
        stream_minutes[_hour(s.taken_at)] += s.readers
        sampled[_hour(s.taken_at)] += 1
    hours = []
    cut = False
    if rows:
        first, last = min(rows), max(rows)
        last = max(last, _hour(timezone.now())) if blog.status == LiveBlog.Status.LIVE else last
        cut = first < last - timedelta(hours=CHART_HOURS - 1)
        first = max(first, last - timedelta(hours=CHART_HOURS - 1))
        at = first
        while at <= last:
            row = rows.get(at) or TrafficHour(hour=at)
            # Averages over the minutes sampled that hour (the blog was live), else the whole hour.
            minutes = sampled.get(at) or 60
            hours.append({
                "hour": at,
                "page_views": row.page_views,
                "permalink_opens": row.permalink_opens,
                "shares": row.shares,
                "stream_readers": round(stream_minutes.get(at, 0) / minutes, 1),
                "polling_readers": round(row.polling_minutes / minutes, 1),
            })
            at += timedelta(hours=1)
    totals = {
        field: sum(getattr(row, field) for row in rows.values())
        for field in ("page_views", "permalink_opens", "shares", "polling_minutes")
    }
    totals["stream_minutes"] = sum(s.readers for s in samples)
    reader_minutes = totals["stream_minutes"] + totals["polling_minutes"]
    top = list(
        PostTraffic.objects.filter(blog=blog, post__deleted_at__isnull=True, post__published_at__isnull=False)
        .select_related("post", "post__blog")
        .order_by("-permalink_opens", "-shares", "-post_id")[:TOP_POSTS]
    )
    return {
        "totals": totals,
        "stream_percent": round(100 * totals["stream_minutes"] / reader_minutes) if reader_minutes else None,
        "polling_percent": round(100 * totals["polling_minutes"] / reader_minutes) if reader_minutes else None,
        "hours": hours,
        "hours_cut": cut,
        "views_chart": bar_chart([_views_bar(h) for h in hours], height=140, gap=1) if hours else None,
        "top_posts": top,
    }


def _views_bar(hour: dict) -> Bar:
    when = news_datetime(timezone.localtime(hour["hour"]), "short_no_year")
    views = hour["page_views"]
    text = ngettext("%(when)s: %(views)s page view", "%(when)s: %(views)s page views", views) % {
        "when": when, "views": number_format(views, force_grouping=True),
    }
    return Bar(label=when, value=views, text=text)


def traffic_csv_rows(blog: LiveBlog):
    """Every hour with page traffic, oldest first: (ISO hour in UTC, page views,
    permalink opens, shares, polling reader-minutes, stream reader-minutes)."""
    stream = defaultdict(int)
    for taken_at, readers in blog.reader_samples.values_list("taken_at", "readers").iterator():
        stream[_hour(taken_at)] += readers
    rows = {row.hour: row for row in TrafficHour.objects.filter(blog=blog)}
    for hour in sorted({*rows, *stream}):
        row = rows.get(hour) or TrafficHour(hour=hour)
        yield (hour.astimezone(UTC).isoformat(), row.page_views, row.permalink_opens, row.shares,
               row.polling_minutes, stream.get(hour, 0))


def posts_csv_rows(blog: LiveBlog):
    """Every post with permalink opens or shares, most opened first:
    (post id, headline, permalink, opens, shares)."""
    rows = (
        PostTraffic.objects.filter(blog=blog, post__deleted_at__isnull=True, post__published_at__isnull=False)
        .select_related("post", "post__blog")
        .order_by("-permalink_opens", "-shares", "-post_id")
    )
    for t in rows.iterator(chunk_size=500):
        yield t.post_id, t.post.title, t.post.absolute_url, t.permalink_opens, t.shares


# The desk page's glance: readers over this many latest minutes.
GLANCE_MINUTES = 120


def glance(blog: LiveBlog) -> dict:
    """For the blog's desk page: the readers chart of the latest two hours
    and the page views so far."""
    since = minute_start(timezone.now()) - timedelta(minutes=GLANCE_MINUTES)
    recent = ReaderSample.objects.filter(blog=blog, taken_at__gte=since)
    samples = list(recent.only("taken_at", "readers").order_by("taken_at"))
    totals = blog.traffic_hours.aggregate(views=models.Sum("page_views"))
    return {
        "samples": samples,
        "chart": line_chart([(s.taken_at, s.readers) for s in samples]),
        "peak": max((s.readers for s in samples), default=0),
        "page_views": totals["views"] or 0,
    }
