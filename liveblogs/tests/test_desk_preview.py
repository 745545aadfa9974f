"""The composer's preview: the reader's post card for unsaved text."""

import pytest

from liveblogs.models import Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/preview/"


def _post(**fields):
    return {"kind": "update", "headline": "", "body": "", "label": "", **fields}


def test_it_renders_the_readers_card_with_the_readers_stylesheet(client, blog, reporter):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Rain eases", body="<p>Drier by noon.</p>", label="breaking"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "liveblogs/reader.css" in html
    assert '<article class="post' in html
    assert '<span class="label label--breaking">Breaking:</span> Rain eases' in html
    assert "Drier by noon." in html
    assert "By Rita Reporter" in html
    assert "frame-ancestors 'self'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "SAMEORIGIN"
    assert not Post.objects.exists()


def test_it_sanitises_what_it_previews(client, blog, reporter):
    client.force_login(reporter)
    html = client.post(
        URL, _post(body='<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)"></p>')
    ).content.decode()
    assert "<script>alert" not in html and "onerror" not in html


def test_it_previews_a_correction_on_a_published_post(client, blog, editor, publish):
    post = publish(blog, headline="Two hurt")
    client.force_login(editor)
    html = client.post(
        URL, _post(headline="Three hurt", post=post.pk, correction_note="The count was wrong.")
    ).content.decode()
    assert "Three hurt" in html and "Updated" in html
    assert "The count was wrong." in html
    assert Post.objects.get(pk=post.pk).headline == "Two hurt"


def test_it_says_when_there_is_nothing_to_preview(client, blog, reporter):
    client.force_login(reporter)
    r = client.post(URL, _post())
    assert r.status_code == 200
    assert "Write a headline or some text" in r.content.decode()


def test_it_refuses_people_off_the_team_and_other_peoples_posts(
    client, blog, other_blog, reporter, other_reporter, publish
):
    client.force_login(reporter)
    assert client.post("/desk/blogs/election/preview/", _post(headline="x")).status_code == 403
    theirs = publish(blog, by=other_reporter)
    assert client.post(URL, _post(headline="x", post=theirs.pk)).status_code == 403


def test_it_shows_the_preview_without_javascript_and_keeps_the_text(client, blog, reporter):
    client.force_login(reporter)
    r = client.post("/desk/blogs/storm/", _post(headline="Checking first", intent="preview"))
    assert r.status_code == 200
    html = r.content.decode()
    assert 'value="Checking first"' in html
    # The card, escaped into the frame's srcdoc attribute.
    assert "srcdoc=\"&lt;!doctype html&gt;" in html and "Checking first&lt;/h3&gt;" in html
    assert not Post.objects.exists()


def test_it_lists_the_keyboard_shortcuts_on_every_desk_page(client, blog, reporter):
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert 'data-shortcuts aria-labelledby="shortcuts-title"' in html
    assert "Save as a draft" in html
