"""Previewing a draft blog: its team sees the reader page on the desk, and an
editor can make a signed, expiring, revocable link for someone without a
desk role. Every branch of the gates, and what the responses promise."""


import pytest
from django.core import signing
from lxml import html as lxml_html

from liveblogs import actions, preview_links
from liveblogs.models import AuditEntry, LiveBlog

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor, reporter, publish):
    blog = actions.create_blog(by=editor, headline="Budget day", slug="budget", standfirst="What to expect.")
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    publish(blog, headline="Chancellor arrives at the Treasury")
    return blog


def _link(client, editor, slug="budget") -> str:
    client.force_login(editor)
    r = client.post(f"/desk/blogs/{slug}/share-preview/", {"intent": "share"})
    assert r.status_code == 200
    (link,) = lxml_html.fromstring(r.content).xpath('//input[@data-preview-link]/@value')
    client.logout()
    return link


def _path(link: str) -> str:
    return link[link.index("/preview/"):]


def _assert_private(r):
    assert r["Cache-Control"] == "private, no-store"
    assert r["X-Robots-Tag"] == "noindex, nofollow"
    assert not r.cookies


def test_readers_cannot_see_a_draft(client, draft):
    assert client.get("/live/budget/").status_code == 404


def test_the_team_previews_the_draft_as_readers_will_see_it(client, reporter, draft):
    client.force_login(reporter)
    assert "Preview as readers will see it" in client.get("/desk/blogs/budget/").content.decode()
    r = client.get("/desk/blogs/budget/reader-preview/")
    assert r.status_code == 200
    _assert_private(r)
    html = r.content.decode()
    assert "Chancellor arrives at the Treasury" in html
    assert "Readers cannot see this live blog until an editor opens it" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    # Its live script stays off: the draft has no public stream to follow.
    assert "data-liveblog " not in html


def test_people_off_the_team_and_readers_cannot_preview(client, other_reporter, reader, draft):
    client.force_login(other_reporter)
    assert client.get("/desk/blogs/budget/reader-preview/").status_code == 403
    client.force_login(reader)
    assert client.get("/desk/blogs/budget/reader-preview/").status_code == 403
    client.logout()
    assert client.get("/desk/blogs/budget/reader-preview/").status_code == 302


def test_only_editors_make_preview_links(client, reporter, draft):
    client.force_login(reporter)
    assert "Share preview" not in client.get("/desk/blogs/budget/").content.decode()
    assert client.get("/desk/blogs/budget/share-preview/").status_code == 403
    assert client.post("/desk/blogs/budget/share-preview/", {"intent": "share"}).status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.SHARE_PREVIEW).exists()


def test_a_link_shows_the_draft_to_someone_without_a_desk_role(client, editor, reader, draft, settings):
    settings.SITE_URL = "https://news.example.org"
    link = _link(client, editor)
    assert link.startswith("https://news.example.org/preview/")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SHARE_PREVIEW)
    assert entry.actor == editor and entry.blog_id == draft.pk
    client.force_login(reader)  # a reader account, no desk role
    r = client.get(_path(link))
    assert r.status_code == 200
    _assert_private(r)
    assert r["Referrer-Policy"] == "no-referrer"
    html = r.content.decode()
    assert "Chancellor arrives at the Treasury" in html
    assert "Please do not share this link" in html
    assert "csrfmiddlewaretoken" not in html
    client.logout()
    assert client.get(_path(link)).status_code == 200


def test_a_link_expires(client, editor, draft, settings, monkeypatch):
    settings.LIVEBLOG_PREVIEW_LINK_HOURS = 2
    import time

    real_time = time.time
    # The link is made three hours ago, by the signer's clock.
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 3 * 3600)
    link = _link(client, editor)
    monkeypatch.setattr(signing.time, "time", real_time)
    r = client.get(_path(link))
    assert r.status_code == 410
    _assert_private(r)
    assert "expired" in r.content.decode()
    assert "Chancellor" not in r.content.decode()
    # One made now works.
    assert client.get(_path(_link(client, editor))).status_code == 200


def test_withdrawing_stops_every_link_made_so_far(client, editor, draft):
    first, second = _link(client, editor), _link(client, editor)
    client.force_login(editor)
    r = client.post("/desk/blogs/budget/share-preview/", {"intent": "revoke"}, follow=True)
    assert "stopped working" in r.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVOKE_PREVIEWS).count() == 1
    client.logout()
    for link in (first, second):
        r = client.get(_path(link))
        assert r.status_code == 410
        assert "withdrawn" in r.content.decode()
    # A link made afterwards works.
    assert client.get(_path(_link(client, editor))).status_code == 200


def test_a_tampered_link_is_refused(client, editor, draft, other_blog):
    link = _path(_link(client, editor))
    token = link.split("/")[2]
    assert client.get(f"/preview/{token[:-2]}xx/").status_code == 410
    # A token for another blog cannot be made without the secret key.
    forged = signing.dumps({"b": other_blog.pk, "v": 1}, salt="something else")
    assert client.get(f"/preview/{forged}/").status_code == 410


def test_a_link_to_a_blog_opened_since_goes_to_the_public_page(client, editor, draft):
    link = _link(client, editor)
    actions.open_blog(blog=draft, by=editor)
    r = client.get(_path(link))
    assert r.status_code == 302
    assert r.url == "/live/budget/"


def test_no_link_is_made_for_an_open_blog(client, editor, blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/share-preview/", {"intent": "share"})
    assert r.status_code == 200
    assert "data-preview-link" not in r.content.decode()
    assert "its reader page is public" in r.content.decode()


def test_the_token_names_the_blog_and_its_link_version(draft):
    token = preview_links.make_token(draft)
    assert preview_links.blog_for(token) == draft
    LiveBlog.objects.filter(pk=draft.pk).update(preview_links_version=2)
    with pytest.raises(preview_links.BadLink):
        preview_links.blog_for(token)
