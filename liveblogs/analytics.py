"""Editor analytics for one blog: concurrent readers sampled once a minute
and the figures the desk's report page shows.

`sample_readers()` is a worker scheduler (settings.WORKER_SCHEDULERS):
`manage.py run_worker` calls it at start and every WORKER_SCHEDULE_SECONDS.
Each call writes one ReaderSample per live blog for the current UTC minute;
the (blog, minute) constraint makes every further call in that minute, from
this worker or another, write nothing. The figure is the desk's "readers
now" (realtime.audience.readers_now): readers holding the blog's public
stream open, summed over every server process (and a GRIP proxy's). Readers
who only poll /updates are not counted. No personal data: a count per blog."""

from datetime import UTC, datetime

from django.utils import timezone

from liveblogs.models import LiveBlog, ReaderSample
from liveblogs.stream import SOURCE
from newsline.charts import line_chart
from realtime.audience import readers_now

# The chart draws at most this many points; a longer coverage keeps the
# highest count of each stretch, so the peak is never smoothed away.
CHART_POINTS = 360


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
    """Readers now, the peak and when, and the chart over the coverage."""
    samples = list(blog.reader_samples.only("taken_at", "readers").order_by("taken_at"))
    peak = max(samples, key=lambda s: (s.readers, -s.taken_at.timestamp()), default=None)
    shown = _thinned(samples, CHART_POINTS)
    return {
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

