"""The edit form's correction note: published with the change, shown on the
reader's post card and sent in the post.updated event."""

import json

import pytest

from liveblogs.models import BlogEvent, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/edit/"


def _form(**overrides):
    return {"kind": "update", "headline": "Ashford bridge closed", "body": "<p>Text.</p>", "label": "",
            "version": "1"} | overrides


def test_it_offers_a_correction_note_on_a_published_post(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    html = client.get(_url(post)).content.decode()
    assert '<label for="id_correction_note">Correction note</label>' in html
    assert "“Correction, 14:05: …”" in html
    assert 'maxlength="500"' in html


def test_it_publishes_the_note_on_the_reader_page_and_in_the_event(client, reporter, blog, publish):
    post = publish(blog, headline="Aylesford bridge closed", by=reporter)
    client.force_login(reporter)
    r = client.post(_url(post), _form(correction_note="An earlier version named the wrong town."))
    assert r.status_code == 302
    html = client.get("/live/storm/").content.decode()
    assert 'class="post__correction"><strong>Correction, <time datetime="' in html
    assert "An earlier version named the wrong town." in html
    payload = json.loads(BlogEvent.objects.filter(blog=blog).latest("seq").payload)
    assert "An earlier version named the wrong town." in payload["post"]["html"]
    assert Post.objects.get(pk=post.pk).revisions.get(number=2).correction_note.startswith("An earlier")


def test_it_shows_the_correction_on_the_desk_card(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    client.post(_url(post), _form(correction_note="Fixed the name."))
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Fixed the name." in html


def test_it_publishes_no_correction_without_a_note(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    client.post(_url(post), _form())
    assert "Correction," not in client.get("/live/storm/").content.decode()


def test_it_keeps_the_text_when_the_note_is_too_long(client, editor, blog, publish):
    post = publish(blog, headline="Original")
    client.force_login(editor)
    r = client.post(_url(post), _form(correction_note="x" * 501))
    assert r.status_code == 400
    html = r.content.decode()
    assert "Ensure this value has at most 500 characters" in html
    assert 'value="Ashford bridge closed"' in html
    assert Post.objects.get(pk=post.pk).headline == "Original"
