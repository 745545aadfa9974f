"""/desk/blogs/<slug>/audit/: who did what, newest first."""

import pytest

from liveblogs import actions
from liveblogs.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/audit/"


def test_it_lists_entries_newest_first_with_before_and_after(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Old headline", by=reporter)
    actions.edit_post(post=post, by=editor, content=actions.PostContent(headline="New headline"))
    client.force_login(editor)
    r = client.get(URL)
    assert r.status_code == 200
    html = r.content.decode()
    assert (
        html.index("Edited a post")
        < html.index("Published a post")
        < html.index("Opened the blog")
        < html.index("Created the blog")
    )
    assert "Rita Reporter" in html and "Eddie Editor" in html
    assert "Old headline</span> → " in html
    assert "New headline</span>" in html
    assert f'href="/desk/blogs/storm/posts/{post.pk}/history/"' in html


def test_it_pages_fifty_at_a_time(client, editor, blog, publish):
    AuditEntry.objects.bulk_create(
        AuditEntry(actor=editor, action="pin_post", blog=blog, changes={"is_pinned": [False, True]}) for _ in range(60)
    )
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert html.count("Pinned a post") == 50
    assert "Page 1 of 2" in html
    html = client.get(URL + "?page=2").content.decode()
    assert "Created the blog" in html


def test_it_shows_only_this_blogs_entries(client, editor, blog):
    actions.create_blog(by=editor, headline="Another story", slug="another")
    client.force_login(editor)
    assert "Another story" not in client.get(URL).content.decode()


def test_it_escapes_recorded_text(client, editor, blog, publish):
    publish(blog, headline="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_is_linked_from_the_blog_page_for_editors_only(client, editor, reporter, blog):
    client.force_login(editor)
    assert f'href="{URL}"' in client.get("/desk/blogs/storm/").content.decode()
    client.force_login(reporter)
    assert f'href="{URL}"' not in client.get("/desk/blogs/storm/").content.decode()


def test_it_forbids_reporters(client, reporter, blog):
    client.force_login(reporter)
    assert client.get(URL).status_code == 403


def test_it_forbids_readers(client, reader, blog):
    client.force_login(reader)
    assert client.get(URL).status_code == 403


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog):
    r = client.get(URL)
    assert r.status_code == 302 and r.url.startswith("/desk/login/")


def test_it_answers_404_for_an_unknown_blog(client, editor):
    client.force_login(editor)
    assert client.get("/desk/blogs/nowhere/audit/").status_code == 404
