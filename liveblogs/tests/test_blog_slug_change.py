"""An editor changes a blog's address: every old URL answers a permanent
redirect to the new one, and no blog may take an address another blog has
or had."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogSlugHistory, LiveBlog

pytestmark = pytest.mark.django_db


def _rename(client, editor, slug, **extra):
    client.force_login(editor)
    data = {"headline": "Storm hits the coast", "standfirst": "Live coverage.", "topics": "", "slug": slug}
    return client.post("/desk/blogs/storm/edit/", {**data, **extra})


def test_it_changes_the_address_from_the_blog_form(client, editor, blog):
    r = _rename(client, editor, "storm-ciara")
    assert r.status_code == 302
    assert r.url == "/desk/blogs/storm-ciara/"
    assert LiveBlog.objects.get(pk=blog.pk).slug == "storm-ciara"
    assert client.get("/live/storm-ciara/").status_code == 200
    page = client.get("/desk/blogs/storm-ciara/edit/").content.decode()
    assert 'value="storm-ciara"' in page and "<code>/live/storm/</code>" in page
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE_BLOG).latest("id")
    assert entry.changes == {"slug": ["storm", "storm-ciara"]}


@pytest.mark.parametrize("old, new", [
    ("/live/storm/", "/live/storm-ciara/"),
    ("/live/storm/?around=12", "/live/storm-ciara/?around=12"),
    ("/live/storm/?before=1700000000000000.4", "/live/storm-ciara/?before=1700000000000000.4"),
    ("/live/storm/updates?after=3&epoch=1", "/live/storm-ciara/updates?after=3&epoch=1"),
    ("/live/storm/events?after=3", "/live/storm-ciara/events?after=3"),
    ("/live/storm/feed/atom/", "/live/storm-ciara/feed/atom/"),
    ("/live/storm/feed/rss/", "/live/storm-ciara/feed/rss/"),
    ("/live/storm/feed/key-events/", "/live/storm-ciara/feed/key-events/"),
    ("/live/storm/comments/", "/live/storm-ciara/comments/"),
    ("/embed/storm/", "/embed/storm-ciara/"),
])
def test_every_old_url_redirects_permanently(client, editor, blog, old, new):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm-ciara")
    client.logout()
    r = client.get(old)
    assert r.status_code == 301
    assert r.url == new
    assert not r.cookies
    # Not for ever: the blog may take its old address back one day.
    assert r["Cache-Control"] == "public, max-age=60"


def test_desk_bookmarks_to_the_old_address_redirect_for_staff(client, editor, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm-ciara")
    client.force_login(editor)
    r = client.get("/desk/blogs/storm/audit/")
    assert (r.status_code, r.url) == (301, "/desk/blogs/storm-ciara/audit/")


def test_it_follows_several_renames_to_the_address_now(client, editor, blog):
    for slug in ("storm-ciara", "storm-ciara-aftermath"):
        actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug=slug)
    assert client.get("/live/storm/").url == "/live/storm-ciara-aftermath/"
    assert client.get("/live/storm-ciara/").url == "/live/storm-ciara-aftermath/"


def test_a_form_sent_to_an_old_address_is_sent_on_unchanged(client, editor, reader, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm-ciara")
    client.force_login(reader)
    r = client.post("/live/storm/comments/", {"body": "Stay safe"})
    assert r.status_code == 308
    assert r.url == "/live/storm-ciara/comments/"


def test_it_refuses_an_address_another_blog_has_or_had(client, editor, blog, other_blog):
    r = _rename(client, editor, "election", headline="Typed headline kept")
    assert r.status_code == 400
    assert "Typed headline kept" in r.content.decode()
    actions.update_blog(blog=other_blog, by=editor, headline=other_blog.headline, standfirst="", topics=[], slug="vote")
    # "election" was other_blog's address: it keeps redirecting there, so nobody may take it.
    r = _rename(client, editor, "election")
    assert r.status_code == 400
    assert "An address a blog had before counts too" in r.content.decode()
    with pytest.raises(actions.ActionError):
        actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="election")
    assert LiveBlog.objects.get(pk=blog.pk).slug == "storm"
    # Nor may a new blog.
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", {"headline": "Another", "slug": "election", "topics": ""})
    assert r.status_code == 400
    with pytest.raises(actions.ActionError):
        actions.create_blog(by=editor, headline="Another", slug="election")


def test_a_blog_may_take_its_own_old_address_back(editor, blog, client):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm-ciara")
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], slug="storm")
    assert LiveBlog.objects.get(pk=blog.pk).slug == "storm"
    assert list(BlogSlugHistory.objects.values_list("slug", flat=True)) == ["storm-ciara"]
    assert client.get("/live/storm/").status_code == 200
    assert client.get("/live/storm-ciara/").url == "/live/storm/"


def test_it_tells_open_pages_and_moves_the_head(editor, blog):
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    actions.update_blog(
        blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=[], slug="storm-ciara"
    )
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head + 1


def test_unknown_addresses_still_404(client, blog):
    assert client.get("/live/never-was/").status_code == 404
    assert client.get("/live/never-was/updates").status_code == 404


def test_only_editors_change_the_address(client, reporter, blog):
    client.force_login(reporter)
    data = {"headline": "Storm hits the coast", "standfirst": "", "topics": "", "slug": "hijacked"}
    assert client.post("/desk/blogs/storm/edit/", data).status_code == 403
    assert LiveBlog.objects.get(pk=blog.pk).slug == "storm"
