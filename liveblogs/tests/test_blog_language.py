"""A blog's content language (docs/i18n.md): chosen on the desk, and the
language of its reader page for everyone, whatever their browser asks for."""

import json
import re

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry, LiveBlog

pytestmark = pytest.mark.django_db


def structured_data(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_it_starts_a_blog_in_the_sites_language(client, editor):
    client.force_login(editor)
    form = client.get("/desk/blogs/new/").content.decode()
    assert '<option value="en-gb" selected>English</option>' in form
    client.post("/desk/blogs/new/", {"headline": "Storm", "slug": "storm-new", "standfirst": "", "topics": ""})
    assert LiveBlog.objects.get(slug="storm-new").language == "en-gb"


def test_it_starts_a_blog_in_the_language_chosen(client, editor):
    client.force_login(editor)
    client.post("/desk/blogs/new/", {"headline": "Sturm", "slug": "sturm", "language": "de", "topics": ""})
    assert LiveBlog.objects.get(slug="sturm").language == "de"


def test_it_refuses_a_language_the_site_does_not_have(client, editor, blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/edit/", {"headline": blog.headline, "language": "xx", "topics": ""})
    assert r.status_code == 400
    blog.refresh_from_db()
    assert blog.language == "en-gb"


def test_it_renders_the_reader_page_in_the_blogs_language_for_everyone(client, editor, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], language="ar")
    german = client.get("/live/storm/", HTTP_ACCEPT_LANGUAGE="de")
    english = client.get("/live/storm/", HTTP_ACCEPT_LANGUAGE="en")
    assert german.content == english.content
    html = german.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert german["Content-Language"] == "ar"
    assert "Accept-Language" not in german.get("Vary", "")
    assert structured_data(html)["inLanguage"] == "ar"


def test_it_refreshes_open_pages_and_caches_when_the_language_changes(client, editor, blog):
    before = client.get("/live/storm/")
    head = blog.head_seq
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/edit/", {"headline": blog.headline, "language": "uk", "topics": ""})
    assert r.status_code == 302
    blog.refresh_from_db()
    assert blog.language == "uk"
    # An event tells open pages and the page cache; the old ETag no longer matches.
    assert blog.head_seq == head + 1
    after = client.get("/live/storm/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert '<html lang="uk" dir="ltr"' in after.content.decode()


def test_it_keeps_the_language_when_a_form_leaves_it_out(client, editor, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], language="de")
    client.force_login(editor)
    client.post("/desk/blogs/storm/edit/", {"headline": "Sturm an der Küste", "topics": ""})
    blog.refresh_from_db()
    assert (blog.headline, blog.language) == ("Sturm an der Küste", "de")


def test_it_records_a_language_change_in_the_audit_log(editor, blog):
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], language="de")
    entry = AuditEntry.objects.filter(blog=blog).order_by("-id").first()
    assert entry.changes["language"] == ["en-gb", "de"]
