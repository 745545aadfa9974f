"""Coverage times (shown in the newsroom's zone, stored in UTC) and
reopening an ended blog: audited, and announced to open pages."""

import json
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from lxml import html as lxml_html

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, LiveBlog

pytestmark = pytest.mark.django_db

JULY_1300_UTC = datetime(2026, 7, 4, 13, 0, tzinfo=dt_timezone.utc)
JULY_2130_UTC = datetime(2026, 7, 4, 21, 30, tzinfo=dt_timezone.utc)


def _coverage(client, url="/live/storm/"):
    page = lxml_html.fromstring(client.get(url).content)
    (p,) = page.xpath('//p[@data-blog-coverage]')
    return " ".join(p.text_content().split()), p.xpath(".//time/@datetime")


def test_it_shows_when_coverage_began_and_ended_in_the_newsrooms_zone(client, editor, blog, settings):
    settings.TIME_ZONE = "Europe/London"
    LiveBlog.objects.filter(pk=blog.pk).update(opened_at=JULY_1300_UTC)
    text, times = _coverage(client)
    assert text == "Coverage began 4 July 2026, 14:00 BST"
    actions.close_blog(blog=blog, by=editor)
    LiveBlog.objects.filter(pk=blog.pk).update(closed_at=JULY_2130_UTC)
    text, times = _coverage(client)
    assert text == "Coverage began 4 July 2026, 14:00 BST · Coverage ended 4 July 2026, 22:30 BST"
    # Machines read UTC offsets, not the zone's name.
    assert times == ["2026-07-04T14:00:00+01:00", "2026-07-04T22:30:00+01:00"]
    assert LiveBlog.objects.get(pk=blog.pk).closed_at == JULY_2130_UTC  # stored in UTC


def test_it_reopens_an_ended_blog_keeping_when_coverage_began(client, editor, blog, publish):
    began = LiveBlog.objects.get(pk=blog.pk).opened_at
    actions.close_blog(blog=blog, by=editor)
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/open/", follow=True)
    assert "open again" in r.content.decode()
    blog = LiveBlog.objects.get(pk=blog.pk)
    assert blog.status == LiveBlog.Status.LIVE
    assert blog.opened_at == began
    assert blog.closed_at is None
    assert "Coverage ended" not in _coverage(client)[0]
    # The team can publish again.
    publish(blog, headline="Back with more updates")


def test_it_audits_a_reopening_as_such(editor, blog):
    actions.close_blog(blog=blog, by=editor)
    actions.open_blog(blog=blog, by=editor)
    entry = AuditEntry.objects.latest("id")
    assert entry.action == AuditEntry.Action.REOPEN_BLOG
    assert entry.get_action_display() == "Reopened the blog"
    assert entry.changes["status"] == ["ended", "live"]
    assert entry.changes["closed_at"][1] is None
    # Opening a draft is still an opening.
    draft = actions.create_blog(by=editor, headline="Budget day", slug="budget")
    actions.open_blog(blog=draft, by=editor)
    assert AuditEntry.objects.latest("id").action == AuditEntry.Action.OPEN_BLOG


def test_it_tells_open_pages_with_the_new_coverage_line(editor, blog):
    actions.close_blog(blog=blog, by=editor)
    closed = json.loads(BlogEvent.objects.filter(blog=blog).latest("seq").payload)
    assert closed["kind"] == "blog.closed"
    assert "Coverage ended" in closed["blog"]["coverage_html"]
    actions.open_blog(blog=blog, by=editor)
    reopened = json.loads(BlogEvent.objects.filter(blog=blog).latest("seq").payload)
    assert reopened["kind"] == "blog.opened"
    assert reopened["blog"]["status"] == "live"
    assert "Coverage began" in reopened["blog"]["coverage_html"]
    assert "Coverage ended" not in reopened["blog"]["coverage_html"]


def test_it_shows_coverage_times_on_the_desk(client, editor, blog):
    client.force_login(editor)
    assert "Coverage began" in client.get("/desk/blogs/storm/").content.decode()


def test_it_lets_only_editors_reopen(client, editor, reporter, blog):
    actions.close_blog(blog=blog, by=editor)
    client.force_login(reporter)
    assert client.post("/desk/blogs/storm/open/").status_code == 403
    assert LiveBlog.objects.get(pk=blog.pk).status == LiveBlog.Status.ENDED
