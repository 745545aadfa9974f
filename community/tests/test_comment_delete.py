import pytest

from community.models import Comment, CommentEvent, Thread

pytestmark = pytest.mark.django_db


def test_it_deletes_your_own_comment_and_tells_open_pages(client, blog, rosa, comment_on):
    comment = comment_on(rosa, "Never mind")
    client.force_login(rosa)
    r = client.post(f"/comments/{comment.pk}/delete", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED and comment.body == ""
    assert CommentEvent.objects.filter(blog=blog).order_by("-seq").first().kind == "comment.removed"
    assert Thread.objects.get(blog=blog).comment_count == 0


def test_it_refuses_to_delete_someone_elses_comment(client, blog, rosa, sam, comment_on):
    comment = comment_on(rosa)
    client.force_login(sam)
    assert client.post(f"/comments/{comment.pk}/delete", HTTP_ACCEPT="application/json").status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PUBLISHED
