import pytest

from community.models import Comment, Like

pytestmark = pytest.mark.django_db


def test_it_likes_once_per_reader(client, blog, rosa, sam, comment_on):
    comment = comment_on(rosa)
    client.force_login(sam)
    for _ in range(2):  # a double click
        r = client.post(f"/comments/{comment.pk}/like", HTTP_ACCEPT="application/json")
        assert r.status_code == 200
    assert Like.objects.filter(comment=comment).count() == 1
    assert Comment.objects.get(pk=comment.pk).like_count == 1
    r = client.post(f"/comments/{comment.pk}/like", {"undo": "1"}, HTTP_ACCEPT="application/json")
    assert r.json()["likes"] == 0


def test_it_refuses_likes_from_anonymous_and_unverified_readers(client, blog, rosa, stranger, comment_on):
    comment = comment_on(rosa)
    assert client.post(f"/comments/{comment.pk}/like", HTTP_ACCEPT="application/json").status_code == 403
    client.force_login(stranger)  # no verified email
    assert client.post(f"/comments/{comment.pk}/like", HTTP_ACCEPT="application/json").status_code == 403
    assert not Like.objects.exists()


def test_it_refuses_liking_your_own_comment(client, blog, rosa, comment_on):
    comment = comment_on(rosa)
    client.force_login(rosa)
    r = client.post(f"/comments/{comment.pk}/like", HTTP_ACCEPT="application/json")
    assert r.status_code == 403 and "own" in r.json()["error"]
