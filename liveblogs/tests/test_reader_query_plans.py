"""The reader page's queries walk indexes, so their cost does not grow with
the blog (the figures are in docs/performance.md; this proves the plans)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _post_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries if 'FROM "liveblogs_post"' in q["sql"]]


def _plan(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")  # tiny test tables would be scanned otherwise
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            return plan
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(row[-1] for row in cursor.fetchall())


def _assert_indexed(plan):
    if connection.vendor == "postgresql":
        assert "Seq Scan on liveblogs_post" not in plan, plan
    else:
        assert re.search(r"SEARCH liveblogs_post USING (COVERING INDEX|INDEX|INTEGER PRIMARY KEY)", plan), plan
        assert "SCAN liveblogs_post" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan


@pytest.fixture
def long_blog(blog, publish, settings, editor):
    """Enough rows that the planners choose as they would for a long blog."""
    from datetime import timedelta

    from django.utils import timezone

    from liveblogs.models import Post

    start = timezone.now() - timedelta(days=2)
    Post.objects.bulk_create(
        Post(blog=blog, headline=f"Archive {i}", body="<p>Old news.</p>", created_by=editor,
             published_at=start + timedelta(seconds=i), is_key_event=i % 500 == 0)
        for i in range(3000)
    )
    posts = [publish(blog, headline=f"Post {i}", is_key_event=i % 4 == 0) for i in range(12)]
    publish(blog, headline="Pinned", is_pinned=True)
    return posts


def test_it_reads_the_first_page_pinned_post_and_key_events_from_indexes(client, long_blog):
    queries = _post_queries(client, "/live/storm/")
    assert len(queries) == 3  # timeline, pinned, key events
    for sql in queries:
        _assert_indexed(_plan(sql))


def test_it_reads_an_older_page_from_the_cursor_without_sorting(client, long_blog):
    html = client.get("/live/storm/").content.decode()
    cursor = re.search(r'\?before=([^"]+)" data-older', html).group(1)
    for sql in _post_queries(client, f"/live/storm/?before={cursor}"):
        _assert_indexed(_plan(sql))


def test_it_reads_a_permalink_page_from_indexes(client, long_blog):
    for sql in _post_queries(client, f"/live/storm/?around={long_blog[3].pk}"):
        _assert_indexed(_plan(sql))
