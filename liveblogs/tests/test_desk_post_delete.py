import pytest

from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/delete/"


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_asks_before_deleting(client, editor, blog, publish):
    post = publish(blog, headline="Trees down")
    client.force_login(editor)
    r = client.get(_url(post))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Delete this post?" in html
    assert "Trees down" in html
    assert 'name="confirmed" value="yes"' in html
    # Without JavaScript the timeline's Delete button lands here too.
    r = client.post(_url(post))
    assert r.status_code == 200
    assert "Delete this post?" in r.content.decode()
    assert Post.objects.visible().filter(pk=post.pk).exists()


def test_it_removes_the_post_from_the_reader_page(client, editor, blog, publish):
    post = publish(blog, headline="Trees down")
    before = _head(blog)
    client.force_login(editor)
    r = client.post(_url(post), {"confirmed": "yes"})
    assert r.status_code == 302
    assert r.url == "/desk/blogs/storm/"
    assert _head(blog) == before + 1
    assert "Trees down" not in client.get("/live/storm/").content.decode()
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "Post deleted." in html
    # Gone from the timeline; editors find it under "Deleted posts".
    assert f'id="post-{post.pk}"' not in html
    assert f'id="deleted-{post.pk}"' in html


def test_it_lets_reporters_delete_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, by=reporter)
    client.force_login(reporter)
    client.post(_url(post), {"confirmed": "yes"})
    assert not Post.objects.visible().filter(pk=post.pk).exists()


def test_it_forbids_reporters_another_reporters_post(client, reporter, other_reporter, blog, publish):
    post = publish(blog, by=other_reporter)
    client.force_login(reporter)
    assert client.post(_url(post), {"confirmed": "yes"}).status_code == 403
    assert Post.objects.visible().filter(pk=post.pk).exists()


def test_it_answers_404_once_deleted(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    client.post(_url(post), {"confirmed": "yes"})
    assert client.post(_url(post), {"confirmed": "yes"}).status_code == 404


def test_it_forbids_readers(client, reader, blog, publish):
    post = publish(blog)
    client.force_login(reader)
    assert client.post(_url(post), {"confirmed": "yes"}).status_code == 403
    assert Post.objects.visible().filter(pk=post.pk).exists()


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog, publish):
    post = publish(blog)
    r = client.post(_url(post), {"confirmed": "yes"})
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
    assert Post.objects.visible().filter(pk=post.pk).exists()
