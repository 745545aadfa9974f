"""/desk/blogs/<slug>/posts/<id>/history/<n>/: one version and what changed
since the one before."""

import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def _url(post, number):
    return f"/desk/blogs/storm/posts/{post.pk}/history/{number}/"


def _edit(post, by, headline, body):
    actions.edit_post(post=post, by=by, content=actions.PostContent(headline=headline, body=body))


def test_it_shows_what_changed_since_the_previous_version(client, editor, blog, publish):
    post = publish(blog, headline="Six hurt in crash", body="<p>The road is closed.</p>")
    _edit(post, editor, "Seven hurt in crash", "<p>The road is closed.</p><p>Police are there.</p>")
    client.force_login(editor)
    r = client.get(_url(post, 2))
    assert r.status_code == 200
    html = r.content.decode()
    assert "What changed since version 1" in html
    assert "<caption>Changes from version 1 to version 2</caption>" in html
    assert '<del><span class="visually-hidden">[removed: </span>Six<span class="visually-hidden">]</span></del>' in html
    assert '<ins><span class="visually-hidden">[added: </span>Seven<span class="visually-hidden">]</span></ins>' in html
    assert "Police are there." in html
    assert "This is what readers see now." in html
    assert "Restore this version" not in html  # it is already current


def test_it_offers_to_restore_an_older_version(client, editor, blog, publish):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Changed", "")
    client.force_login(editor)
    html = client.get(_url(post, 1)).content.decode()
    assert "The first version" in html
    assert f'action="/desk/blogs/storm/posts/{post.pk}/history/1/restore/"' in html
    assert ">Restore this version</button>" in html
    assert 'name="correction_note"' in html


def test_it_escapes_text_in_the_diff(client, editor, blog, publish):
    post = publish(blog, headline="Plain")
    _edit(post, editor, "<img src=x onerror=alert(1)>", "")
    client.force_login(editor)
    html = client.get(_url(post, 2)).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_it_offers_no_restore_on_a_deleted_post(client, editor, blog, publish):
    post = publish(blog, headline="Original")
    _edit(post, editor, "Changed", "")
    actions.delete_post(post=post, by=editor)
    client.force_login(editor)
    r = client.get(_url(post, 1))
    assert r.status_code == 200
    assert "Restore this version" not in r.content.decode()


def test_it_answers_404_for_a_missing_version(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    assert client.get(_url(post, 9)).status_code == 404


def test_it_forbids_reporters(client, reporter, blog, publish):
    post = publish(blog, by=reporter)
    client.force_login(reporter)
    assert client.get(_url(post, 1)).status_code == 403
