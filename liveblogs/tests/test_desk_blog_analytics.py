"""The desk's readers report for one blog (/desk/blogs/<slug>/analytics/)
and its CSV export, drawn from the samples in the database."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache

from liveblogs.analytics import CHART_POINTS
from liveblogs.models import ReaderSample
from realtime import audience

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
COUNTS = [3, 12, 40, 25, 40, 8]  # the peak (40) first reached at 14:02


@pytest.fixture
def samples(blog):
    return ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=START + timedelta(minutes=i), readers=n) for i, n in enumerate(COUNTS)
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_draws_the_readers_over_the_coverage_with_the_peak(client, editor, samples):
    cache.clear()
    audience.report({"liveblog:storm": 6}, reporter="node-a")
    client.force_login(editor)
    response = client.get("/desk/blogs/storm/analytics/")
    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert re.search(r'data-analytics="now">\s*6\s*<', html)
    # The first time it reached 40, in the newsroom's zone (London: GMT in December).
    assert "40 readers at 5 December 2026, 14:02 GMT" in text
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    points = re.search(r'<polyline[^>]*points="([^"]+)"', svg).group(1).split()
    assert len(points) == len(COUNTS)
    ys = [float(p.split(",")[1]) for p in points]
    # Higher readers draw higher (smaller y); both 40s at the top, the 3 lowest.
    assert ys[2] == ys[4] == min(ys) and ys[0] == max(ys)
    xs = [float(p.split(",")[0]) for p in points]
    assert xs == sorted(xs) and xs[0] == 0
    table = re.search(r'data-analytics="samples".*?</table>', html, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", table) == [str(n) for n in COUNTS]
    cache.clear()


def test_it_says_so_when_there_are_no_samples_yet(client, editor, blog):
    client.force_login(editor)
    response = client.get("/desk/blogs/storm/analytics/")
    assert response.status_code == 200
    assert "No samples yet." in _text(response)
    assert "<svg" not in response.content.decode()


def test_it_keeps_the_peak_when_a_long_coverage_is_thinned(client, editor, blog):
    n = CHART_POINTS * 3
    ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=START + timedelta(minutes=i), readers=100 if i == 500 else 1)
        for i in range(n)
    )
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/analytics/").content.decode()
    points = re.search(r'<polyline[^>]*points="([^"]+)"', html).group(1).split()
    assert len(points) <= CHART_POINTS
    assert "100 readers at 5 December 2026, 22:20 GMT" in re.sub(r"<[^>]+>", " ", html)
    assert sum(1 for p in points if float(p.split(",")[1]) < 100) == 1


def test_it_exports_every_sample_as_csv(client, reporter, samples):
    client.force_login(reporter)
    response = client.get("/desk/blogs/storm/analytics/readers.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "storm-readers.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["taken_at_utc", "stream_readers"]
    assert rows[1:] == [[(START + timedelta(minutes=i)).isoformat(), str(n)] for i, n in enumerate(COUNTS)]


def test_it_shows_one_blogs_samples_only(client, editor, samples, other_blog):
    ReaderSample.objects.create(blog=other_blog, taken_at=START, readers=999)
    client.force_login(editor)
    rows = list(csv.reader(io.StringIO(client.get("/desk/blogs/storm/analytics/readers.csv").content.decode())))
    assert len(rows) == 1 + len(COUNTS) and "999" not in {r[1] for r in rows}
    assert "999" not in client.get("/desk/blogs/storm/analytics/").content.decode()


def test_it_links_the_report_from_the_desk_blog_page(client, reporter, blog):
    client.force_login(reporter)
    assert '/desk/blogs/storm/analytics/"' in client.get("/desk/blogs/storm/").content.decode()


def test_it_refuses_an_unassigned_reporter(client, other_reporter, other_blog, samples):
    client.force_login(other_reporter)
    assert client.get("/desk/blogs/election/analytics/").status_code == 403
    assert client.get("/desk/blogs/election/analytics/readers.csv").status_code == 403
