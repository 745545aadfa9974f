"""/search?q=: ranked results with highlighted snippets from the search
index, which follows the blogs' event logs."""

import pytest
from django.core.management import call_command

from distribution import search
from distribution.models import LogConsumer, SearchEntry
from liveblogs import actions

pytestmark = pytest.mark.django_db


def _titles(response):
    return [h.title for h in response.context["results"].hits]


def test_it_finds_posts_and_blogs_with_highlighted_snippets(client, live, make_blog, publish):
    blog = live(make_blog, "storm", headline="Storm hits the coast")
    live(publish, blog, headline="Ferries cancelled", body="<p>All ferries to the islands are cancelled tonight.</p>")
    live(publish, blog, headline="Power cuts", body="<p>Thousands without power.</p>")
    response = client.get("/search", {"q": "ferries"})
    assert response.status_code == 200
    assert _titles(response) == ["Ferries cancelled"]
    html = response.content.decode()
    assert "<mark>ferries</mark>" in html.lower()
    post = SearchEntry.objects.get(title="Ferries cancelled").post
    assert f'href="/live/storm/?around={post.pk}#post-{post.pk}"' in html
    assert "1 result for “ferries”" in html
    assert _titles(client.get("/search", {"q": "storm coast"})) == ["Storm hits the coast"]
    assert "<mark>Ferries</mark> cancelled" in html


def test_it_ranks_a_title_match_above_a_body_match(client, live, make_blog, publish):
    blog = live(make_blog, "storm")
    live(publish, blog, headline="Roads", body="<p>The bridge is shut.</p>")
    live(publish, blog, headline="Bridge closed", body="<p>Police advise other routes.</p>")
    assert _titles(client.get("/search", {"q": "bridge"})) == ["Bridge closed", "Roads"]


def test_it_matches_word_forms_and_half_typed_words(client, live, make_blog, publish):
    blog = live(make_blog, "storm")
    live(publish, blog, headline="Evacuations", body="<p>Villages evacuated along the river.</p>")
    assert _titles(client.get("/search", {"q": "evacuate"})) == ["Evacuations"]
    assert _titles(client.get("/search", {"q": "villa"})) == ["Evacuations"]


def test_it_escapes_what_readers_wrote(client, live, make_blog, publish):
    blog = live(make_blog, "storm")
    live(publish, blog, headline="<script>alert(1)</script> tides", body="<p>High tides &lt;b&gt; expected</p>")
    html = client.get("/search", {"q": "tides"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html


def test_it_drops_deleted_posts(client, live, make_blog, publish, editor):
    blog = live(make_blog, "storm")
    post = live(publish, blog, headline="Tornado warning", body="<p>Take shelter.</p>")
    assert _titles(client.get("/search", {"q": "tornado"})) == ["Tornado warning"]
    live(actions.delete_post, post=post, by=editor)
    assert _titles(client.get("/search", {"q": "tornado"})) == []
    assert not SearchEntry.objects.filter(post=post).exists()
    live(actions.restore_post, post=post, by=editor)
    assert _titles(client.get("/search", {"q": "tornado"})) == ["Tornado warning"]


def test_it_follows_edits(client, live, make_blog, publish, editor):
    blog = live(make_blog, "storm")
    post = live(publish, blog, headline="Hail", body="<p>Hail in the north.</p>")
    live(
        actions.edit_post, post=post, by=editor, content=actions.PostContent(headline="Sleet", body="<p>Sleet now.</p>")
    )
    assert _titles(client.get("/search", {"q": "hail"})) == []
    assert _titles(client.get("/search", {"q": "sleet"})) == ["Sleet"]


def test_it_keeps_draft_blogs_out_until_they_open(client, live, make_blog, publish, editor):
    blog = live(make_blog, "secret", headline="Secret merger", status="draft")
    live(publish, blog, headline="Merger talks", body="<p>Board meets.</p>")
    assert _titles(client.get("/search", {"q": "merger"})) == []
    live(actions.open_blog, blog=blog, by=editor)
    assert sorted(_titles(client.get("/search", {"q": "merger"}))) == ["Merger talks", "Secret merger"]


@pytest.mark.parametrize("q", [
    '"', "'", "*", "(", ")", "AND", "OR NOT", "NEAR(a b", "title:storm", "^storm", "-", "a" * 5000,
    "storm\x00", "💥", "   ", "", "storm\" OR \"x",
])
def test_it_never_fails_on_odd_queries(client, live, make_blog, publish, q):
    blog = live(make_blog, "storm")
    live(publish, blog, headline="Storm", body="<p>Rain.</p>")
    response = client.get("/search", {"q": q})
    assert response.status_code == 200


def test_it_pages_results(client, live, make_blog, publish, settings):
    blog = live(make_blog, "storm")
    for i in range(search.PER_PAGE + 3):
        live(publish, blog, headline=f"Flood report {i}", body="<p>Water rising.</p>")
    first = client.get("/search", {"q": "flood"})
    second = client.get("/search", {"q": "flood", "page": "2"})
    assert len(first.context["results"].hits) == search.PER_PAGE
    assert len(second.context["results"].hits) == 3
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    assert client.get("/search", {"q": "flood", "page": "nonsense"}).status_code == 200
    assert client.get("/search", {"q": "flood", "page": "99999"}).status_code == 200


def test_it_is_public(client, live, make_blog, reader):
    live(make_blog, "storm")
    client.force_login(reader)
    response = client.get("/search", {"q": "storm"})
    assert response["Cache-Control"].startswith("public")
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_the_desks_request_only_queues_the_indexing_for_the_worker(
    client, make_blog, publish, run_jobs, django_capture_on_commit_callbacks
):
    blog = make_blog("storm")
    run_jobs()
    with django_capture_on_commit_callbacks(execute=True):
        publish(blog, headline="Ferries cancelled")
    # After the write and its wake-up, nothing is indexed yet: a job waits.
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.ready().filter(task_path="distribution.tasks.consume_blog_log")
    assert [job.args_kwargs["args"] for job in queued] == [["search", blog.pk]]
    assert _titles(client.get("/search", {"q": "ferries"})) == []
    assert run_jobs() == 1
    assert _titles(client.get("/search", {"q": "ferries"})) == ["Ferries cancelled"]


@pytest.mark.django_db(transaction=True)
def test_it_catches_up_from_its_saved_position_in_the_worker(client, make_blog, publish, editor):
    blog = make_blog("storm")
    publish(blog, headline="First")
    # Nothing ran after commit (as if the process stopped): the job reads on.
    LogConsumer.objects.filter(name="search").delete()
    SearchEntry.objects.all().delete()
    from distribution.tasks import catch_up_logs

    catch_up_logs.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert _titles(client.get("/search", {"q": "first"})) == ["First"]
    position = LogConsumer.objects.get(name="search", blog=blog)
    blog.refresh_from_db()
    assert position.last_seq == blog.head_seq
    publish(blog, headline="Second")
    call_command("consume_logs")
    assert _titles(client.get("/search", {"q": "second"})) == ["Second"]


def test_the_worker_catches_up_after_a_missed_wake_up(client, make_blog, publish, run_jobs):
    from datetime import timedelta

    from django.utils import timezone

    from distribution import schedule

    blog = make_blog("storm")
    publish(blog, headline="Ferries cancelled")  # committed, but its wake-up never ran (no on-commit here)
    assert schedule.catch_up_missed() == []  # too recent to call missed: its own job may still be coming
    later = timezone.now() + schedule.MISSED_AFTER + timedelta(seconds=1)
    assert schedule.catch_up_missed(now=later) == ["search"]
    assert schedule.catch_up_missed(now=later) == []  # one catch-up waiting is enough
    run_jobs()
    assert _titles(client.get("/search", {"q": "ferries"})) == ["Ferries cancelled"]
    assert schedule.catch_up_missed(now=later) == []


def test_it_rebuilds_a_blog_when_its_log_changes_epoch(client, live, make_blog, publish, editor):
    from django.db.models import F

    from liveblogs.models import LiveBlog, Post

    blog = live(make_blog, "storm")
    post = live(publish, blog, headline="Libellous claim")
    # As a legal takedown does: the row is hidden and the epoch moves on.
    Post.objects.filter(pk=post.pk).update(deleted_at=post.published_at)
    LiveBlog.objects.filter(pk=blog.pk).update(epoch=F("epoch") + 1)
    live(publish, blog, headline="Later news")
    assert _titles(client.get("/search", {"q": "libellous"})) == []
    assert _titles(client.get("/search", {"q": "later"})) == ["Later news"]
    blog.refresh_from_db()
    assert LogConsumer.objects.get(name="search", blog=blog).epoch == blog.epoch


def test_it_drops_a_post_taken_down_for_legal_reasons(client, live, make_blog, publish, editor, admin_user):
    remove_post = actions.remove_post
    blog = live(make_blog, "storm")
    post = live(publish, blog, headline="Defamatory words")
    assert _titles(client.get("/search", {"q": "defamatory"})) == ["Defamatory words"]
    live(remove_post, post=post, by=admin_user, reason="Court order 123")
    assert _titles(client.get("/search", {"q": "defamatory"})) == []
