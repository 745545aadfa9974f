"""What the reader pages reported, on the desk's readers report: page views
per hour (chart and table), stream against polling reader time, the top
posts by permalink opens and shares, the blog's polls, the CSV exports, and
the glance on the blog's desk page."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from liveblogs.models import PostTraffic, ReaderSample, TrafficHour
from votes import actions as vote_actions
from votes.models import PollVote

pytestmark = pytest.mark.django_db

HOUR = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def traffic(blog, publish):
    # Two hours with traffic and an hour with none between them; 30 minutes sampled in the first.
    TrafficHour.objects.create(blog=blog, hour=HOUR, page_views=1200, permalink_opens=40, shares=7, polling_minutes=60)
    TrafficHour.objects.create(blog=blog, hour=HOUR + timedelta(hours=2), page_views=300)
    ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=HOUR + timedelta(minutes=i), readers=10) for i in range(30)
    )
    posts = [publish(blog, headline=f"Update {i}") for i in range(12)]
    for i, post in enumerate(posts):
        PostTraffic.objects.create(post=post, blog=blog, permalink_opens=i * 10, shares=i)
    return posts


def test_it_shows_page_views_opens_and_shares_with_a_chart_per_hour(client, editor, blog, traffic):
    blog.status = "ended"
    blog.save(update_fields=["status"])
    client.force_login(editor)
    response = client.get("/desk/blogs/storm/analytics/")
    html = response.content.decode()
    assert re.search(r'data-analytics="page-views">1,500<', html)
    assert re.search(r'data-analytics="permalink-opens">40<', html)
    assert re.search(r'data-analytics="shares">7<', html)
    chart = re.search(r'<svg[^>]*aria-labelledby="views-chart-title[^>]*>.*?</svg>', html, re.S).group(0)
    assert "<title id=\"views-chart-title\">Page views per hour</title>" in chart
    assert len(re.findall(r"<rect ", chart)) == 3  # the quiet hour between is drawn, at 0
    assert "5 Dec, 14:00 GMT: 1,200 page views" in chart
    rows = re.findall(r"<tr><td><time[^>]*>([^<]+)</time></td>((?:<td>[^<]*</td>)+)</tr>",
                      re.search(r'data-analytics="hours".*?</table>', html, re.S).group(0))
    assert [(when, re.findall(r"<td>([^<]*)</td>", cells)) for when, cells in rows] == [
        # 300 stream reader-minutes and 60 polling over the 30 minutes sampled: 10 and 2 on average.
        ("5 Dec, 14:00 GMT", ["1,200", "40", "7", "10.0", "2.0"]),
        ("5 Dec, 15:00 GMT", ["0", "0", "0", "0.0", "0.0"]),
        ("5 Dec, 16:00 GMT", ["300", "0", "0", "0.0", "0.0"]),
    ]
    assert "Of 360 reader-minutes, 83% were on the live stream and 17% on the polling fallback" in _text(response)


def test_it_lists_the_ten_most_opened_posts_with_links(client, reporter, blog, traffic):
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/analytics/").content.decode()
    table = re.search(r'data-analytics="top-posts".*?</table>', html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a></td><td>(\d+)</td><td>(\d+)</td>', table)
    assert [(name, opens, shares) for _, name, opens, shares in links] == [
        (f"Update {i}", str(i * 10), str(i)) for i in range(11, 1, -1)
    ]
    assert links[0][0] == f"/live/storm/?around={traffic[11].pk}#post-{traffic[11].pk}"


def test_it_leaves_out_a_deleted_post(client, editor, blog, traffic):
    from liveblogs import actions

    actions.delete_post(post=traffic[11], by=editor)
    client.force_login(editor)
    assert "Update 11" not in client.get("/desk/blogs/storm/analytics/").content.decode()


def test_it_says_so_before_anything_is_counted(client, editor, blog):
    client.force_login(editor)
    text = _text(client.get("/desk/blogs/storm/analytics/"))
    assert "No reader time counted yet." in text
    assert "No permalink opens or shares yet." in text
    assert "This blog has no polls." in text


def test_it_shows_each_polls_results_as_the_reader_page_does(client, editor, blog, publish):
    post = publish(blog, headline="Your view")
    poll = vote_actions.add_poll(post=post, by=editor, question="Should the bridge reopen?", answers=["Yes", "No"])
    PollVote.objects.bulk_create([PollVote(poll=poll, answer=0, voter=f"v{i}") for i in range(3)]
                                 + [PollVote(poll=poll, answer=1, voter="w")])
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/analytics/").content.decode()
    section = re.search(r'data-analytics="polls".*?</section>', html, re.S).group(0)
    assert "Should the bridge reopen?" in section
    assert '<meter class="poll-result__meter" min="0" max="100" value="75"' in section
    assert "75% (3 votes)" in section and "25% (1 vote)" in section and "4 votes in all" in section


def test_it_exports_each_hour_and_each_post_as_csv(client, editor, blog, traffic):
    client.force_login(editor)
    response = client.get("/desk/blogs/storm/analytics/hours.csv")
    assert response["Content-Type"].startswith("text/csv") and "storm-hours.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["hour_utc", "page_views", "permalink_opens", "shares", "polling_reader_minutes", "stream_reader_minutes"],
        [HOUR.isoformat(), "1200", "40", "7", "60", "300"],
        [(HOUR + timedelta(hours=2)).isoformat(), "300", "0", "0", "0", "0"],
    ]
    rows = list(csv.reader(io.StringIO(client.get("/desk/blogs/storm/analytics/posts.csv").content.decode())))
    assert rows[0] == ["post_id", "headline", "permalink", "permalink_opens", "shares"]
    assert rows[1] == [str(traffic[11].pk), "Update 11", traffic[11].absolute_url, "110", "11"]
    assert len(rows) == 1 + 12


def test_it_refuses_the_exports_to_an_unassigned_reporter(client, other_reporter, other_blog):
    client.force_login(other_reporter)
    assert client.get("/desk/blogs/election/analytics/hours.csv").status_code == 403
    assert client.get("/desk/blogs/election/analytics/posts.csv").status_code == 403


def test_the_desk_page_has_a_glance_with_the_latest_readers(client, reporter, blog):
    from django.utils import timezone

    now = timezone.now().replace(second=0, microsecond=0)
    ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=now - timedelta(minutes=m), readers=m) for m in (200, 90, 5)
    )
    TrafficHour.objects.create(blog=blog, hour=HOUR, page_views=2345)
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    panel = re.search(r"<section class=\"analytics-panel.*?</section>", html, re.S).group(0)
    assert "Readers over the last two hours" in panel
    # The samples of the last two hours only.
    assert len(re.search(r'points="([^"]+)"', panel).group(1).split()) == 2
    assert "2,345 page views so far" in _text_of(panel)
    assert 'href="/desk/blogs/storm/analytics/"' in panel


def _text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_reads_the_report_in_a_few_queries_however_long_the_coverage(client, editor, blog, traffic,
                                                                          django_assert_max_num_queries):
    # Samples came back from a related manager with `only()` and fetched their blog id one query each.
    ReaderSample.objects.bulk_create(
        ReaderSample(blog=blog, taken_at=HOUR + timedelta(hours=3, minutes=i), readers=i) for i in range(200)
    )
    client.force_login(editor)
    with django_assert_max_num_queries(15):
        assert client.get("/desk/blogs/storm/analytics/").status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get("/desk/blogs/storm/").status_code == 200


def test_it_writes_numbers_and_hours_as_the_desks_language_does(client, editor, blog, traffic):
    editor.language = "de"
    editor.save(update_fields=["language"])
    blog.status = "ended"
    blog.save(update_fields=["status"])
    client.force_login(editor)
    response = client.get("/desk/blogs/storm/analytics/")
    html = response.content.decode()
    assert re.search(r'data-analytics="page-views">1\.500<', html)
    assert "Seitenaufrufe pro Stunde" in html
    hours = re.search(r'data-analytics="hours".*?</table>', html, re.S).group(0)
    assert "<td>10,0</td>" in hours and "<td>1.200</td>" in hours
    assert "Von 360 Leserminuten entfielen 83 % auf den Live-Stream" in _text(response)
