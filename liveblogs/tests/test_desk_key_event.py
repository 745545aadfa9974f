import pytest

from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/key-event/"


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_adds_the_post_to_the_readers_key_events(client, editor, blog, publish):
    post = publish(blog, headline="Evacuation ordered")
    assert f'id="key-{post.pk}"' not in client.get("/live/storm/").content.decode()
    before = _head(blog)
    client.force_login(editor)
    r = client.post(_url(post), {"key_event": "yes"})
    assert r.status_code == 302
    assert Post.objects.get(pk=post.pk).is_key_event
    assert _head(blog) == before + 1
    assert f'id="key-{post.pk}"' in client.get("/live/storm/").content.decode()
    assert "Marked as a key event." in client.get("/desk/blogs/storm/").content.decode()


def test_it_removes_a_key_event(client, editor, blog, publish):
    post = publish(blog, is_key_event=True)
    client.force_login(editor)
    client.post(_url(post), {"key_event": "no"})
    assert not Post.objects.get(pk=post.pk).is_key_event
    assert f'id="key-{post.pk}"' not in client.get("/live/storm/").content.decode()


def test_it_forbids_reporters_even_on_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, by=reporter)
    before = _head(blog)
    client.force_login(reporter)
    assert client.post(_url(post), {"key_event": "yes"}).status_code == 403
    assert not Post.objects.get(pk=post.pk).is_key_event
    assert _head(blog) == before


def test_it_only_accepts_a_post(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    assert client.get(_url(post)).status_code == 405


def test_it_forbids_readers(client, reader, blog, publish):
    post = publish(blog)
    client.force_login(reader)
    assert client.post(_url(post), {"key_event": "yes"}).status_code == 403


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog, publish):
    post = publish(blog)
    r = client.post(_url(post), {"key_event": "yes"})
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
    assert not Post.objects.get(pk=post.pk).is_key_event
