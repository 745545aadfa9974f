import pytest

from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/pin/"


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_puts_the_pinned_post_first_on_the_reader_page(client, editor, blog, publish):
    older = publish(blog, headline="Older")
    newer = publish(blog, headline="Newer")
    html = client.get("/live/storm/").content.decode()
    assert html.index(f'id="post-{newer.pk}"') < html.index(f'id="post-{older.pk}"')
    before = _head(blog)
    client.force_login(editor)
    r = client.post(_url(older), {"pinned": "yes"})
    assert r.status_code == 302
    assert r.url == f"/desk/blogs/storm/#post-{older.pk}"
    assert _head(blog) == before + 1
    html = client.get("/live/storm/").content.decode()
    assert html.index(f'id="post-{older.pk}"') < html.index(f'id="post-{newer.pk}"')
    assert "Pinned: readers see this post first." in client.get("/desk/blogs/storm/").content.decode()


def test_it_unpins(client, editor, blog, publish):
    post = publish(blog, is_pinned=True)
    client.force_login(editor)
    client.post(_url(post), {"pinned": "no"})
    assert not Post.objects.get(pk=post.pk).is_pinned
    assert "Unpinned." in client.get("/desk/blogs/storm/").content.decode()


def test_it_keeps_one_pinned_post(client, editor, blog, publish):
    first = publish(blog, is_pinned=True)
    second = publish(blog)
    client.force_login(editor)
    client.post(_url(second), {"pinned": "yes"})
    assert list(Post.objects.filter(is_pinned=True)) == [second]
    assert not Post.objects.get(pk=first.pk).is_pinned


def test_it_forbids_reporters_even_on_their_own_posts(client, reporter, blog, publish):
    post = publish(blog, by=reporter)
    before = _head(blog)
    client.force_login(reporter)
    assert client.post(_url(post), {"pinned": "yes"}).status_code == 403
    assert not Post.objects.get(pk=post.pk).is_pinned
    assert _head(blog) == before


def test_it_only_accepts_a_post(client, editor, blog, publish):
    post = publish(blog)
    client.force_login(editor)
    assert client.get(_url(post)).status_code == 405


def test_it_forbids_readers(client, reader, blog, publish):
    post = publish(blog)
    client.force_login(reader)
    assert client.post(_url(post), {"pinned": "yes"}).status_code == 403
    assert not Post.objects.get(pk=post.pk).is_pinned


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog, publish):
    post = publish(blog)
    r = client.post(_url(post), {"pinned": "yes"})
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
