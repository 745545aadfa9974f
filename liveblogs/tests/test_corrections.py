"""Public corrections: an edit to a published post may carry a note, shown
on the post card ("Correction, 14:05: …") on the page and in the event."""

import json
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db


def _correct(post, by, note, headline="Corrected"):
    return actions.edit_post(
        post=post, by=by, content=actions.PostContent(headline=headline, body="<p>Text.</p>"), correction_note=note
    )


def test_it_stores_the_note_on_the_new_revision(blog, publish, editor):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, "An earlier version gave the wrong town.")
    revision = post.revisions.get(number=2)
    assert revision.correction_note == "An earlier version gave the wrong town."
    assert [c.correction_note for c in Post.objects.get(pk=post.pk).corrections] == [revision.correction_note]


def test_it_shows_the_correction_in_the_card_with_the_newsroom_time(blog, publish, editor, settings, client):
    settings.TIME_ZONE = "Europe/London"
    post = publish(blog, headline="Wrong")
    summer = datetime(2026, 7, 1, 13, 5, tzinfo=dt_timezone.utc)  # 14:05 in London (BST)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: summer)
        _correct(post, editor, "The bridge is in Ashford, not Aylesford.")
    html = client.get("/live/storm/").content.decode()
    assert "Correction, <time" in html
    assert 'datetime="2026-07-01T14:05:00+01:00"' in html
    assert ">14:05</time>:</strong> The bridge is in Ashford, not Aylesford." in html


def test_it_sends_the_correction_in_the_event_payload(blog, publish, editor):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, "Fixed the figure.")
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    payload = json.loads(event.payload)
    assert event.kind == "post.updated"
    assert 'class="post__correction"' in payload["post"]["html"]
    assert "Fixed the figure." in payload["post"]["html"]


def test_it_keeps_every_correction_oldest_first(blog, publish, editor, client):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, "First fix.", headline="Less wrong")
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="Less wrong", body="<p>Other.</p>"))
    _correct(post, editor, "Second fix.", headline="Right")
    html = client.get("/live/storm/").content.decode()
    assert html.count('class="post__correction"') == 2
    assert html.index("First fix.") < html.index("Second fix.")


def test_it_accepts_a_note_without_a_text_change(blog, publish, editor):
    post = publish(blog, headline="Corrected", body="<p>Text.</p>")
    _correct(post, editor, "We have removed a name at the family's request.")
    post = Post.objects.get(pk=post.pk)
    assert post.edited_at is not None
    assert post.revisions.count() == 2
    assert BlogEvent.objects.filter(blog=blog).latest("seq").kind == "post.updated"


def test_it_escapes_the_note(blog, publish, editor, client):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, '<script>alert("x")</script> & <b>more</b>')
    html = client.get("/live/storm/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;" in html


def test_it_puts_the_note_on_one_line(blog, publish, editor):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, "  Two\n\nlines  ")
    assert post.revisions.get(number=2).correction_note == "Two lines"


def test_it_refuses_a_note_over_500_characters(blog, publish, editor):
    post = publish(blog, headline="Wrong")
    with pytest.raises(actions.ActionError, match="500"):
        _correct(post, editor, "x" * 501)
    assert post.revisions.count() == 1


def test_it_audits_a_correction(blog, publish, editor):
    post = publish(blog, headline="Wrong")
    _correct(post, editor, "Fixed.")
    entry = AuditEntry.objects.filter(post=post).latest("id")
    assert entry.action == "correct_post"
    assert entry.changes["correction_note"] == ["", "Fixed."]
    assert entry.changes["headline"] == ["Wrong", "Corrected"]


def test_it_costs_no_query_per_corrected_post(client, blog, publish, editor, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LIVEBLOG_PAGE_SIZE = 10

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/live/storm/").status_code == 200
        return len(ctx.captured_queries)

    _correct(publish(blog, headline="Pinned", is_pinned=True), editor, "Pinned fix.", headline="Pinned")
    _correct(publish(blog, headline="One"), editor, "One fix.")
    small = count()
    for i in range(6):
        post = publish(blog, headline=f"More {i}")
        _correct(post, editor, f"Fix {i}.")
        _correct(post, editor, f"Second fix {i}.")
    assert count() == small
    assert small <= 7
