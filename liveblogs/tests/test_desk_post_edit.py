import pytest

from liveblogs import actions
from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/edit/"


def _form(**overrides):
    # Posts start at version 1; the form carries the version it was loaded at.
    return {
        "kind": "update",
        "headline": "Corrected headline",
        "body": "<p>Corrected text.</p>",
        "label": "",
        "version": "1",
    } | overrides


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_shows_the_post_prefilled(client, editor, blog, publish):
    post = publish(blog, headline="Trees down", body="<p>Roads closed.</p>")
    client.force_login(editor)
    r = client.get(_url(post))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'value="Trees down"' in html
    assert "&lt;p&gt;Roads closed.&lt;/p&gt;" in html
    assert ">Save changes</button>" in html
    # Edits are not drafts of a new post: no autosave key.
    assert "data-draft-key" not in html


def test_it_lets_editors_change_any_post(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Trees down", by=reporter)
    before = _head(blog)
    client.force_login(editor)
    r = client.post(_url(post), _form())
    assert r.status_code == 302
    assert r.url == f"/desk/blogs/storm/#post-{post.pk}"
    post.refresh_from_db()
    assert post.headline == "Corrected headline"
    assert post.edited_at is not None
    assert _head(blog) == before + 1
    html = client.get("/live/storm/").content.decode()
    assert "Corrected text." in html
    assert "Trees down" not in html
    assert "Changes saved." in client.get("/desk/blogs/storm/").content.decode()


def test_it_lets_reporters_change_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, headline="Trees down", by=reporter)
    client.force_login(reporter)
    assert client.get(_url(post)).status_code == 200
    assert client.post(_url(post), _form()).status_code == 302
    assert Post.objects.get(pk=post.pk).headline == "Corrected headline"


def test_it_forbids_reporters_another_reporters_post(client, reporter, other_reporter, blog, publish):
    post = publish(blog, headline="Trees down", by=other_reporter)
    client.force_login(reporter)
    assert client.get(_url(post)).status_code == 403
    assert client.post(_url(post), _form()).status_code == 403
    assert Post.objects.get(pk=post.pk).headline == "Trees down"


def test_it_keeps_pin_and_key_event_when_a_reporter_edits(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Trees down", by=reporter, is_pinned=True, is_key_event=True)
    client.force_login(reporter)
    html = client.get(_url(post)).content.decode()
    assert 'name="is_pinned"' not in html
    # Leaving the boxes out (or crafting them) changes nothing.
    client.post(_url(post), _form(is_pinned="", is_key_event=""))
    post.refresh_from_db()
    assert post.headline == "Corrected headline"
    assert post.is_pinned and post.is_key_event


def test_it_lets_editors_unpin_from_the_form(client, editor, blog, publish):
    post = publish(blog, is_pinned=True)
    client.force_login(editor)
    client.post(_url(post), _form())
    assert not Post.objects.get(pk=post.pk).is_pinned


def test_it_keeps_the_text_when_invalid(client, editor, blog, publish):
    post = publish(blog, headline="Trees down")
    client.force_login(editor)
    r = client.post(_url(post), _form(headline="", body="<script>x()</script>"))
    assert r.status_code == 400
    assert "Write a headline or some text before publishing." in r.content.decode()
    assert Post.objects.get(pk=post.pk).headline == "Trees down"


def test_it_answers_404_for_a_deleted_post_or_another_blogs_post(client, editor, blog, publish):
    other = actions.open_blog(blog=actions.create_blog(by=editor, headline="Other", slug="other"), by=editor)
    elsewhere = publish(other)
    gone = publish(blog)
    actions.delete_post(post=gone, by=editor)
    client.force_login(editor)
    assert client.get(_url(gone)).status_code == 404
    assert client.get(_url(elsewhere)).status_code == 404


def test_it_forbids_readers(client, reader, blog, publish):
    post = publish(blog)
    client.force_login(reader)
    assert client.post(_url(post), _form()).status_code == 403


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog, publish):
    post = publish(blog)
    r = client.get(_url(post))
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
