"""The desk's drafts, approval queue and schedule, through the URL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def _post(**fields):
    data = {"kind": "update", "headline": "", "body": "", "label": ""}
    data.update(fields)
    return data


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


@pytest.fixture
def on_team(blog, contributor, assign):
    assign(blog, contributor)
    return blog


def test_it_lets_a_contributor_submit_and_keeps_it_from_readers(client, on_team, contributor):
    blog = on_team
    etag = client.get("/live/storm/")["ETag"]
    head = _head(blog)
    client.force_login(contributor)
    r = client.post(URL, _post(headline="From the harbour", body="<p>Boats are moored.</p>", intent="submit"))
    assert r.status_code == 302
    post = Post.objects.get()
    assert post.state == Post.State.SUBMITTED and post.published_at is None
    page = client.get(URL).content.decode()
    assert "Submitted: an editor will review it." in page
    assert "Awaiting approval" in page
    client.logout()
    reader = client.get("/live/storm/")
    assert "From the harbour" not in reader.content.decode()
    assert reader["ETag"] == etag
    assert _head(blog) == head


def test_it_refuses_a_contributor_who_crafts_a_publish(client, on_team, contributor):
    client.force_login(contributor)
    for intent in ("publish", "schedule"):
        r = client.post(URL, _post(headline="Sneaky", intent=intent))
        assert r.status_code == 403
    assert not Post.objects.exists()


def test_it_submits_for_a_contributor_when_no_button_is_named(client, on_team, contributor):
    client.force_login(contributor)
    client.post(URL, _post(headline="Ctrl+Enter"))
    assert Post.objects.get().state == Post.State.SUBMITTED


def test_it_lets_an_editor_approve_from_the_queue(client, on_team, contributor, editor):
    client.force_login(contributor)
    client.post(URL, _post(headline="Ready", intent="submit"))
    post = Post.objects.get()
    head = _head(on_team)
    client.force_login(editor)
    page = client.get(URL).content.decode()
    assert f'action="/desk/blogs/storm/posts/{post.pk}/approve/"' in page
    r = client.post(f"/desk/blogs/storm/posts/{post.pk}/approve/")
    assert r.status_code == 302
    assert Post.objects.get().state == Post.State.PUBLISHED
    assert _head(on_team) == head + 1
    assert "Ready" in client.get("/live/storm/").content.decode()


def test_it_sends_back_with_a_note_the_contributor_sees(client, on_team, contributor, editor):
    client.force_login(contributor)
    client.post(URL, _post(headline="Needs work", intent="submit"))
    post = Post.objects.get()
    client.force_login(editor)
    r = client.post(f"/desk/blogs/storm/posts/{post.pk}/send-back/", {"note": "Which harbour?"})
    assert r.status_code == 302
    client.force_login(contributor)
    page = client.get(URL).content.decode()
    assert "Your drafts" in page and "Which harbour?" in page
    assert "Which harbour?" in client.get(f"/desk/blogs/storm/posts/{post.pk}/edit/").content.decode()


def test_it_refuses_approval_by_a_reporter_or_the_contributor(client, on_team, contributor, reporter):
    client.force_login(contributor)
    client.post(URL, _post(headline="Mine", intent="submit"))
    post = Post.objects.get()
    for person in (contributor, reporter):
        client.force_login(person)
        assert client.post(f"/desk/blogs/storm/posts/{post.pk}/approve/").status_code == 403
        assert client.post(f"/desk/blogs/storm/posts/{post.pk}/send-back/", {"note": "x"}).status_code == 403
    assert Post.objects.get().state == Post.State.SUBMITTED


def test_it_autosaves_one_draft_while_typing(client, blog, reporter):
    client.force_login(reporter)
    autosave = "/desk/blogs/storm/drafts/autosave/"
    first = client.post(autosave, _post(headline="Half a thought")).json()
    second = client.post(autosave, _post(headline="A whole thought", draft=first["id"])).json()
    assert first["id"] == second["id"]
    post = Post.objects.get()
    assert post.headline == "A whole thought" and post.state == Post.State.DRAFT
    # Publishing the compose form publishes that draft, not a second post.
    client.post(URL, _post(headline="A whole thought", body="<p>Done.</p>", draft=post.pk, intent="publish"))
    post = Post.objects.get()
    assert post.state == Post.State.PUBLISHED and post.body == "<p>Done.</p>"


def test_it_ignores_a_crafted_draft_id_of_someone_elses_post(client, blog, reporter, other_reporter):
    client.force_login(other_reporter)
    theirs = client.post("/desk/blogs/storm/drafts/autosave/", _post(headline="Rafe's")).json()["id"]
    client.force_login(reporter)
    client.post("/desk/blogs/storm/drafts/autosave/", _post(headline="Rita's", draft=theirs))
    assert Post.objects.get(pk=theirs).headline == "Rafe's"
    assert Post.objects.filter(created_by=reporter, headline="Rita's").exists()


def test_it_refuses_autosave_off_the_team(client, other_blog, reporter):
    client.force_login(reporter)
    assert client.post("/desk/blogs/election/drafts/autosave/", _post(headline="x")).status_code == 403
    assert not Post.objects.exists()


def test_it_schedules_a_post_for_a_reporter(client, blog, reporter):
    client.force_login(reporter)
    when = timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    r = client.post(URL, _post(headline="Later today", intent="schedule", scheduled_for=when))
    assert r.status_code == 302
    post = Post.objects.get()
    assert post.state == Post.State.SCHEDULED
    assert "Later today" in client.get(URL).content.decode()  # in the Scheduled list
    assert "Later today" not in client.get("/live/storm/").content.decode()


def test_it_asks_for_a_time_to_schedule_and_keeps_the_text(client, blog, reporter):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="When?", intent="schedule"))
    assert r.status_code == 400
    assert "Choose when to publish it." in r.content.decode()
    assert 'value="When?"' in r.content.decode()
    assert not Post.objects.exists()


def test_it_shows_editors_how_many_posts_await_approval_on_each_blog(client, on_team, contributor, editor):
    client.force_login(contributor)
    client.post(URL, _post(headline="One", intent="submit"))
    client.post(URL, _post(headline="Two", intent="submit"))
    assert "tag--waiting" not in client.get("/desk/").content.decode()
    client.force_login(editor)
    assert "2 awaiting approval" in client.get("/desk/").content.decode()


def test_it_discards_only_your_own_draft(client, blog, reporter, other_reporter):
    client.force_login(reporter)
    mine = client.post("/desk/blogs/storm/drafts/autosave/", _post(headline="Scrap this")).json()["id"]
    client.force_login(other_reporter)
    assert client.post(f"/desk/blogs/storm/posts/{mine}/discard/").status_code == 403
    client.force_login(reporter)
    assert client.post(f"/desk/blogs/storm/posts/{mine}/discard/").status_code == 302
    post = Post.objects.get(pk=mine)
    assert post.state == Post.State.DELETED and post.published_at is None
    page = client.get(URL).content.decode()
    assert "Scrap this" not in page  # neither in "Your drafts" nor in "Deleted posts"
