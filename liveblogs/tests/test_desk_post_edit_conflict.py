"""The edit form against a post that changed while it was open: refused,
the typed text kept, the current version shown beside it."""

import pytest

from liveblogs import actions
from liveblogs.models import Post

pytestmark = pytest.mark.django_db

MESSAGE_END = "while you were editing. Your version is below; the current version is shown beside it."


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/edit/"


def _form(version, **overrides):
    return {"kind": "update", "headline": "My careful fix", "body": "<p>My typed words.</p>", "label": "",
            "version": str(version)} | overrides


def test_it_carries_the_loaded_version_in_the_form(client, editor, blog, publish):
    post = publish(blog)
    actions.set_key_event(post=post, by=editor, key_event=True)
    client.force_login(editor)
    html = client.get(_url(post)).content.decode()
    assert '<input type="hidden" name="version" value="2"' in html


def test_it_refuses_a_stale_save_and_keeps_the_typed_text(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Original", body="<p>Original words.</p>", by=reporter)
    # Rita saves first, from her own copy of the form.
    client.force_login(reporter)
    assert client.post(_url(post), _form(1, headline="Rita's fix", body="<p>Rita's words.</p>")).status_code == 302
    # Eddie loaded version 1 too.
    client.force_login(editor)
    r = client.post(_url(post), _form(1))
    assert r.status_code == 409
    html = r.content.decode()
    assert "This post was changed by Rita Reporter at " in html
    assert MESSAGE_END in html
    # His text is in the form; hers is shown beside it.
    assert 'value="My careful fix"' in html
    assert "&lt;p&gt;My typed words.&lt;/p&gt;" in html
    current = html.split("data-current-version")[1]
    assert "Rita&#x27;s fix" in current and "<p>Rita's words.</p>" in current
    assert "[removed: </span>Rita&#x27;s" in current
    # Nothing was overwritten.
    assert Post.objects.get(pk=post.pk).headline == "Rita's fix"


def test_it_saves_on_the_second_try_once_the_current_version_was_shown(client, editor, reporter, blog, publish):
    post = publish(blog, headline="Original", by=reporter)
    actions.edit_post(post=post, by=reporter, content=actions.PostContent(headline="Rita's fix"))
    client.force_login(editor)
    html = client.post(_url(post), _form(1)).content.decode()
    assert '<input type="hidden" name="version" value="2"' in html
    assert ">Save my version</button>" in html
    assert client.post(_url(post), _form(2)).status_code == 302
    assert Post.objects.get(pk=post.pk).headline == "My careful fix"


def test_it_refuses_a_form_without_a_version(client, editor, blog, publish):
    post = publish(blog, headline="Original")
    client.force_login(editor)
    data = _form(1)
    del data["version"]
    r = client.post(_url(post), data)
    assert r.status_code == 400
    assert "This form is out of date. Reload the page to edit the current version." in r.content.decode()
    assert Post.objects.get(pk=post.pk).headline == "Original"
