"""Several bylines on a post, each with the staff profile readers see."""

import pytest

from liveblogs.models import AuditEntry, LiveBlog, Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def _post(**fields):
    return {"kind": "update", "headline": "", "body": "", "label": "", **fields}


def test_it_publishes_with_several_bylines_and_their_profiles(client, blog, reporter, other_reporter):
    reporter.bio = "Covers weather and transport."
    reporter.save(update_fields=["bio"])
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Joint report", authors=[reporter.pk, other_reporter.pk], intent="publish"))
    assert r.status_code == 302
    post = Post.objects.get()
    assert {a.pk for a in post.authors.all()} == {reporter.pk, other_reporter.pk}
    html = client.get("/live/storm/").content.decode()
    assert "By Rafe Reporter and Rita Reporter" in html or "By Rita Reporter and Rafe Reporter" in html
    assert "About the authors" in html
    assert "<strong>Rita Reporter</strong>, Reporter. Covers weather and transport." in html


def test_it_changes_bylines_of_a_published_post_live_and_audited(
    client, blog, editor, reporter, other_reporter, publish
):
    post = publish(blog, headline="Solo", by=reporter)
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    client.force_login(editor)
    r = client.post(f"/desk/blogs/storm/posts/{post.pk}/edit/", _post(
        headline="Solo", body=post.body, version=post.version, authors=[reporter.pk, other_reporter.pk]
    ))
    assert r.status_code == 302
    assert Post.objects.get(pk=post.pk).authors.count() == 2
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head + 1
    entry = AuditEntry.objects.filter(post=post).latest("id")
    before, after = entry.changes["authors"]
    assert before == ["Rita Reporter"] and sorted(after) == ["Rafe Reporter", "Rita Reporter"]
    assert Post.objects.get(pk=post.pk).edited_at is None  # bylines are not an "Updated" text change


def test_it_refuses_a_byline_that_is_not_newsroom_staff(client, blog, reporter, reader):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Who?", authors=[reader.pk], intent="publish"))
    assert r.status_code == 400
    assert "Choose bylines from the newsroom" in r.content.decode()
    assert not Post.objects.exists()
