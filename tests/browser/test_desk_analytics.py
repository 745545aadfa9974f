"""The desk's readers report in a browser: a reporter on the blog's team
goes from the desk blog page to the report and sees the chart, the peak and,
opened, the table, with no Content-Security-Policy violation; and in Arabic
the page is right to left with the chart still drawn."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import ReaderSample
from tests.browser.helpers import signed_in_page
from tests.browser.test_content_security_policy import violations, watched

pytestmark = pytest.mark.django_db(transaction=True)

COUNTS = [2, 9, 31, 17, 5]


def test_a_reporter_opens_the_readers_report_from_the_desk(asgi_server, unique_blog, editor, reporter, new_page):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    start = timezone.now().replace(second=0, microsecond=0) - timedelta(minutes=len(COUNTS))
    ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=start + timedelta(minutes=i), readers=n) for i, n in enumerate(COUNTS)
    )
    page = watched(signed_in_page(new_page, asgi_server, reporter))
    page.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    page.get_by_role("link", name="Readers report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Readers")
    chart = page.get_by_role("img", name="Readers over the coverage")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    expect(page.locator('[data-analytics="peak"]')).to_contain_text("31 readers at")
    table = page.locator('[data-analytics="samples"]')
    expect(table).to_be_hidden()
    page.get_by_text("The figures as a table").click()
    expect(table.locator("tbody tr")).to_have_count(len(COUNTS))
    page.screenshot(path="/tmp/desk-analytics.png", full_page=True)
    assert violations(page) == []

    reporter.language = "ar"
    reporter.save(update_fields=["language"])
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("القراء")
    expect(page.get_by_role("img", name="القراء على مدى التغطية")).to_be_visible()
    page.screenshot(path="/tmp/desk-analytics-ar.png", full_page=True)


def test_a_readers_page_view_and_share_reach_the_readers_report(asgi_server, unique_blog, publish, editor, new_page):
    """A reader opens a post's permalink and copies its link with Share; the
    page's beacon counts both (no cookie goes with it), the server writes
    them within its flush interval, and the editor's report shows them."""
    from liveblogs.models import PostTraffic, TrafficHour
    from tests.waiting import wait_for

    blog = unique_blog
    post = publish(blog, headline="Bridge closed to traffic")
    reader = new_page(permissions=["clipboard-read", "clipboard-write"])
    beacons = []
    reader.on("request", lambda r: beacons.append(r) if "/beacon" in r.url else None)
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/?around={post.pk}")
    share = reader.locator(f"#post-{post.pk} [data-share]")
    share.click()
    expect(share).to_have_attribute("data-copied", "true")
    wait_for(lambda: PostTraffic.objects.filter(post=post, permalink_opens=1, shares=1).exists(),
             what="the permalink open and the share written")
    assert all("cookie" not in r.headers for r in beacons) and len(beacons) == 2
    assert TrafficHour.objects.get(blog=blog).page_views == 1

    page = watched(signed_in_page(new_page, asgi_server, editor))
    page.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/analytics/")
    expect(page.locator('[data-analytics="page-views"]')).to_have_text("1")
    expect(page.locator('[data-analytics="shares"]')).to_have_text("1")
    top = page.locator('[data-analytics="top-posts"]')
    expect(top.get_by_role("link", name="Bridge closed to traffic")).to_be_visible()
    expect(page.get_by_role("img", name="Page views per hour")).to_be_visible()
    page.screenshot(path="/tmp/desk-analytics-traffic.png", full_page=True)
    assert violations(page) == []


def test_a_reader_on_the_polling_fallback_counts_as_polling(asgi_server, unique_blog, new_page):
    """A browser without a stream (EventSource taken away) polls /updates;
    its page says so once a minute, and the minute is counted as polling."""
    from liveblogs.models import TrafficHour
    from tests.waiting import wait_for

    blog = unique_blog
    reader = new_page()
    reader.add_init_script("delete window.EventSource;")
    with reader.expect_request(lambda r: "/updates?" in r.url):
        reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    row = wait_for(lambda: TrafficHour.objects.filter(blog=blog, polling_minutes=1, page_views=1).first(),
                   what="the page view and the polling minute written")
    assert row.permalink_opens == 0 and row.shares == 0
