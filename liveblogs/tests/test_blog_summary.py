"""A blog's summary ("Key points so far"): set on the desk's blog form,
sanitised, shown above the posts, sent to open pages and audited."""

import json

import pytest
from lxml import html as lxml_html

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, LiveBlog

pytestmark = pytest.mark.django_db

POINTS = "<ul><li>Sea wall breached at <strong>Quay Street</strong></li><li>Ferries cancelled until Friday</li></ul>"


def _edit(client, summary, **extra):
    data = {"headline": "Storm hits the coast", "standfirst": "Live coverage.", "topics": "", "summary": summary}
    return client.post("/desk/blogs/storm/edit/", {**data, **extra})


def _summarise(blog, by, summary):
    return actions.update_blog(
        blog=blog, by=by, headline=blog.headline, standfirst=blog.standfirst, topics=[], summary=summary
    )


def test_it_saves_the_summary_from_the_blog_form_and_shows_it_above_the_posts(client, editor, blog, publish):
    publish(blog, headline="Ferry services suspended")
    client.force_login(editor)
    assert "Key points so far" in client.get("/desk/blogs/storm/edit/").content.decode()
    assert _edit(client, POINTS).status_code == 302
    page = lxml_html.fromstring(client.get("/live/storm/").content)
    (section,) = page.xpath('//section[@class="summary"]')
    assert section.xpath("h2/text()") == ["Key points so far"]
    assert section.xpath(".//li/strong/text()") == ["Quay Street"]
    assert section.xpath(".//time/@datetime")
    # Above the posts: it comes before the timeline in the page.
    html = client.get("/live/storm/").content.decode()
    assert html.index('class="summary"') < html.index("data-posts")
    # The form shows it again for the next edit.
    assert "Quay Street" in client.get("/desk/blogs/storm/edit/").content.decode()


def test_it_strips_what_the_sanitiser_does_not_allow(editor, blog):
    _summarise(
        blog, editor,
        '<h1>Big</h1><p onclick="x()">Roads <em>closed</em></p><script>alert(1)</script><img src=x onerror=y()>'
        '<p><a href="javascript:alert(1)">bad link</a></p>',
    )
    summary = LiveBlog.objects.get(pk=blog.pk).summary
    assert "<script" not in summary and "onclick" not in summary and "<img" not in summary
    assert "<h1" not in summary and "javascript:" not in summary
    assert "<em>closed</em>" in summary


def test_it_turns_plain_typed_text_into_paragraphs(client, editor, blog):
    client.force_login(editor)
    _edit(client, "Sea wall breached.\n\nFerries & trains cancelled.")
    summary = LiveBlog.objects.get(pk=blog.pk).summary
    assert "<p>Sea wall breached.</p>" in summary
    assert "<p>Ferries &amp; trains cancelled.</p>" in summary


def test_it_keeps_the_typed_summary_when_the_form_is_refused(client, editor, blog):
    client.force_login(editor)
    r = _edit(client, "<p>Sea wall breached at Quay Street</p>", headline="")
    assert r.status_code == 400
    assert "Sea wall breached at Quay Street" in r.content.decode()
    r = _edit(client, "<p>" + "x" * (actions.MAX_SUMMARY_CHARS + 10) + "</p>")
    assert r.status_code == 400
    assert "Keep the summary under" in r.content.decode()
    assert LiveBlog.objects.get(pk=blog.pk).summary == ""


def test_it_audits_the_summary_before_and_after_as_text(editor, blog):
    _summarise(blog, editor, "<p>Sea wall breached.</p>")
    _summarise(blog, editor, "<p>Sea wall <strong>repaired</strong>.</p>")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE_BLOG).latest("id")
    assert entry.changes == {"summary": ["Sea wall breached.", "Sea wall repaired."]}


def test_it_tells_open_pages_and_clears_the_summary(editor, blog):
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    _summarise(blog, editor, POINTS)
    blog = LiveBlog.objects.get(pk=blog.pk)
    assert blog.head_seq == head + 1
    event = json.loads(BlogEvent.objects.get(blog=blog, seq=blog.head_seq).payload)
    assert event["kind"] == "blog.updated"
    assert "Key points so far" in event["blog"]["summary_html"]
    assert "<strong>Quay Street</strong>" in event["blog"]["summary_html"]
    _summarise(blog, editor, "")
    event = json.loads(BlogEvent.objects.filter(blog=blog).latest("seq").payload)
    assert event["blog"]["summary_html"] == ""


def test_it_leaves_the_summary_alone_when_a_caller_does_not_mention_it(editor, blog):
    _summarise(blog, editor, POINTS)
    actions.update_blog(blog=blog, by=editor, headline="Storm Ciara hits the coast", standfirst="", topics=[])
    assert "Quay Street" in LiveBlog.objects.get(pk=blog.pk).summary


def test_it_sends_no_event_for_a_draft_blog(editor):
    draft = actions.create_blog(by=editor, headline="Budget day", slug="budget")
    _summarise(draft, editor, "<p>Expected: a fuel duty freeze.</p>")
    draft = LiveBlog.objects.get(pk=draft.pk)
    assert draft.head_seq == 0
    assert "fuel duty" in draft.summary
