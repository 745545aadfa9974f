"""The thread fragment costs the same number of queries however many comments it shows
(one per level of replies, COMMUNITY_MAX_DEPTH = 3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_pins_the_fragments_query_count(client, blog, rosa, sam, comment_on):
    url = f"/live/{blog.slug}/comments/thread"
    top = comment_on(rosa, "One")
    comment_on(rosa, "Deep one", parent=comment_on(sam, "Reply one", parent=top))
    few = queries(client, url)  # the blog, the thread, then one query per level of replies
    for i in range(8):
        parent = comment_on(rosa if i % 2 else sam, f"Top {i}")
        reply = comment_on(sam if i % 2 else rosa, f"Reply {i}", parent=parent)
        comment_on(rosa if i % 2 else sam, f"Deeper {i}", parent=reply)
    assert queries(client, url) == few == 2 + 3
