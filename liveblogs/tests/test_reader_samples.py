"""The job that samples each live blog's readers once a minute
(liveblogs.analytics.sample_readers, a worker scheduler)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from liveblogs import actions
from liveblogs.analytics import sample_readers
from liveblogs.models import ReaderSample
from operations.management.commands.run_worker import run_schedulers
from realtime import audience

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 12, 5, 12, 0, 10, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_reports():
    # Another test's audience reports must not count here.
    cache.clear()
    yield
    cache.clear()


def test_it_writes_one_sample_per_live_blog_with_the_desks_readers_now(blog, other_blog, editor):
    draft = actions.create_blog(by=editor, headline="Not yet", slug="not-yet")
    audience.report({"liveblog:storm": 7, "liveblog:election": 2}, reporter="node-a")
    audience.report({"liveblog:storm": 3}, reporter="node-b")
    assert sample_readers(NOON) == 2
    rows = {(s.blog.slug, s.taken_at, s.readers) for s in ReaderSample.objects.select_related("blog")}
    noon = NOON.replace(second=0)
    assert rows == {("storm", noon, 10), ("election", noon, 2)}
    assert not ReaderSample.objects.filter(blog=draft).exists()


def test_it_writes_once_a_minute_however_often_it_runs(blog):
    audience.report({"liveblog:storm": 4}, reporter="node-a")
    assert sample_readers(NOON) == 1
    audience.report({"liveblog:storm": 9}, reporter="node-a")
    assert sample_readers(NOON + timedelta(seconds=40)) == 0
    assert list(ReaderSample.objects.values_list("readers", flat=True)) == [4]
    assert sample_readers(NOON + timedelta(seconds=50)) == 1
    assert list(ReaderSample.objects.values_list("readers", flat=True)) == [4, 9]


def test_it_counts_a_blog_nobody_reads_as_zero_and_stops_when_it_ends(blog, editor):
    assert sample_readers(NOON) == 1
    assert ReaderSample.objects.get().readers == 0
    actions.close_blog(blog=blog, by=editor)
    assert sample_readers(NOON + timedelta(minutes=1)) == 0
    assert ReaderSample.objects.count() == 1


def test_it_runs_from_the_worker(blog):
    audience.report({"liveblog:storm": 5}, reporter="node-a")
    run_schedulers()
    assert list(ReaderSample.objects.values_list("readers", flat=True)) == [5]
