"""The forum without JavaScript: /live/<slug>/comments/."""

import pytest

from community.models import Comment

pytestmark = pytest.mark.django_db


def test_it_lets_a_reader_read_and_post_without_javascript(client, blog, rosa, comment_on):
    comment_on(rosa, "Earlier comment")
    client.force_login(rosa)
    page = client.get(f"/live/{blog.slug}/comments/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert b"Earlier comment" in page.content and b"csrfmiddlewaretoken" in page.content
    r = client.post(f"/live/{blog.slug}/comments/", {"body": "Posted *without* scripts"})
    assert r.status_code == 302
    comment = Comment.objects.get(body="Posted *without* scripts")
    assert comment.body_html == "<p>Posted <em>without</em> scripts</p>"


def test_it_keeps_the_text_when_posting_is_refused(client, blog, rosa, settings):
    settings.COMMUNITY_MAX_COMMENT_CHARS = 100
    client.force_login(rosa)
    r = client.post(f"/live/{blog.slug}/comments/", {"body": "y" * 150})
    assert r.status_code == 400
    assert b"at most 100" in r.content and b"y" * 150 in r.content
    assert not Comment.objects.exists()


def test_it_rate_limits_posting(client, blog, rosa):
    client.force_login(rosa)
    first = client.post(f"/live/{blog.slug}/comments/", {"body": "One"}, HTTP_ACCEPT="application/json")
    second = client.post(f"/live/{blog.slug}/comments/", {"body": "Two"}, HTTP_ACCEPT="application/json")
    assert first.status_code == 200
    assert second.status_code == 429 and "too quickly" in second.json()["error"]
    assert Comment.objects.count() == 1


def test_it_refuses_anonymous_and_unverified_posts(client, blog, stranger):
    assert (
        client.post(f"/live/{blog.slug}/comments/", {"body": "Hi"}, HTTP_ACCEPT="application/json").status_code == 403
    )
    client.force_login(stranger)
    r = client.post(f"/live/{blog.slug}/comments/", {"body": "Hi"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 403 and "Verify" in r.json()["error"]
    assert not Comment.objects.exists()


def test_it_enforces_csrf(blog, rosa):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(rosa)
    assert client.post(f"/live/{blog.slug}/comments/", {"body": "Forged"}).status_code == 403
    assert not Comment.objects.exists()


def test_it_shows_the_counts_for_the_front_page(client, blog, rosa, comment_on):
    comment_on(rosa)
    data = client.get(f"/comments/counts?blogs={blog.slug},nope").json()
    assert data == {"counts": {blog.slug: 1, "nope": 0}}
