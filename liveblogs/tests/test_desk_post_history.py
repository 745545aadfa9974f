"""/desk/blogs/<slug>/posts/<id>/history/: a post's versions, newest first."""

import pytest

from liveblogs import actions
from liveblogs.views.desk import posts

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/history/"


def _edit(post, by, headline, note=""):
    actions.edit_post(post=post, by=by, content=actions.PostContent(headline=headline), correction_note=note)


def test_it_lists_versions_newest_first_with_who_and_when(client, editor, reporter, blog, publish):
    post = publish(blog, headline="First", by=reporter)
    _edit(post, editor, "Second", note="Wrong name.")
    client.force_login(editor)
    r = client.get(_url(post))
    assert r.status_code == 200
    html = r.content.decode()
    assert html.index("Version 2") < html.index("Version 1")
    assert "Rita Reporter" in html and "Eddie Editor" in html
    assert "Correction: Wrong name." in html
    assert f'href="/desk/blogs/storm/posts/{post.pk}/history/1/"' in html
    assert "<time datetime=" in html


def test_it_pages_long_histories(client, editor, blog, publish, monkeypatch):
    monkeypatch.setattr(posts, "REVISIONS_PER_PAGE", 2)
    post = publish(blog, headline="v1")
    for n in range(2, 6):
        _edit(post, editor, f"v{n}")
    client.force_login(editor)
    html = client.get(_url(post)).content.decode()
    assert "Version 5" in html and "Version 3" not in html
    assert "Page 1 of 3" in html
    assert "Version 1<" in client.get(_url(post) + "?page=3").content.decode()


def test_it_shows_the_history_of_a_deleted_post(client, editor, blog, publish):
    post = publish(blog, headline="Gone")
    actions.delete_post(post=post, by=editor)
    client.force_login(editor)
    r = client.get(_url(post))
    assert r.status_code == 200
    assert "This post is deleted" in r.content.decode()


def test_it_links_to_history_from_the_timeline_for_editors_only(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Linked", by=reporter)
    client.force_login(editor)
    assert f'href="{_url(post)}"' in client.get("/desk/blogs/storm/").content.decode()
    client.force_login(reporter)
    assert f'href="{_url(post)}"' not in client.get("/desk/blogs/storm/").content.decode()


def test_it_forbids_reporters_even_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, by=reporter)
    client.force_login(reporter)
    assert client.get(_url(post)).status_code == 403


def test_it_forbids_readers(client, reader, blog, publish):
    post = publish(blog)
    client.force_login(reader)
    assert client.get(_url(post)).status_code == 403


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog, publish):
    post = publish(blog)
    r = client.get(_url(post))
    assert r.status_code == 302 and r.url.startswith("/desk/login/")


def test_it_answers_404_for_another_blogs_post(client, editor, publish):
    other = actions.open_blog(blog=actions.create_blog(by=editor, headline="Other", slug="other"), by=editor)
    actions.open_blog(blog=actions.create_blog(by=editor, headline="Storm", slug="storm"), by=editor)
    elsewhere = publish(other)
    client.force_login(editor)
    assert client.get(_url(elsewhere)).status_code == 404
