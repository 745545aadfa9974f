"""The desk's legal takedown page, and what readers get afterwards."""

import pytest

from liveblogs.models import Post

pytestmark = pytest.mark.django_db

SECRET = "the unnamed defendant's address"


def _url(post):
    return f"/desk/blogs/storm/posts/{post.pk}/remove/"


def test_it_asks_for_a_reason_then_removes_it_everywhere(client, blog, editor, publish):
    post = publish(blog, headline="Hearing", body=f"<p>{SECRET}</p>", is_key_event=True)
    permalink = post.get_absolute_url()
    assert client.get(permalink).status_code == 200
    client.force_login(editor)
    page = client.get(_url(post))
    assert page.status_code == 200 and "Legal reason" in page.content.decode()
    r = client.post(_url(post), {"reason": ""})
    assert r.status_code == 400
    assert Post.objects.get(pk=post.pk).state == Post.State.PUBLISHED
    r = client.post(_url(post), {"reason": "Reporting restriction, case 2026/114"})
    assert r.status_code == 302
    client.logout()
    assert client.get(permalink).status_code == 410
    for url in ("/live/storm/", "/live/storm/feed/atom/", "/live/storm/feed/rss/", "/live/storm/feed/key-events/"):
        assert SECRET not in client.get(url).content.decode(), url


def test_it_hides_the_text_in_the_audit_log_from_editors_but_not_admins(client, blog, editor, admin_user, publish):
    post = publish(blog, headline="Hearing", body=f"<p>{SECRET}</p>")
    client.force_login(editor)
    client.post(_url(post), {"reason": "Court order"})
    html = client.get("/desk/blogs/storm/audit/").content.decode()
    assert SECRET not in html and "Court order" in html
    assert client.get(f"/desk/blogs/storm/posts/{post.pk}/history/").status_code == 403
    client.force_login(admin_user)
    assert SECRET in client.get(f"/desk/blogs/storm/posts/{post.pk}/history/1/").content.decode()


def test_it_refuses_reporters_even_for_their_own_posts(client, blog, reporter, publish):
    post = publish(blog, by=reporter)
    client.force_login(reporter)
    assert client.get(_url(post)).status_code == 403
    assert client.post(_url(post), {"reason": "Because"}).status_code == 403
    assert Post.objects.get(pk=post.pk).state == Post.State.PUBLISHED


def test_it_leaves_removed_posts_out_of_the_deleted_list(client, blog, editor, publish):
    post = publish(blog, headline="Gone for good")
    client.force_login(editor)
    client.post(_url(post), {"reason": "Order"})
    assert "Gone for good" not in client.get("/desk/blogs/storm/").content.decode()
