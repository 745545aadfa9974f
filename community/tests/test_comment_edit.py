from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import Comment

pytestmark = pytest.mark.django_db


def test_it_edits_within_the_window_and_shows_edited(client, blog, rosa, comment_on):
    comment = comment_on(rosa, "Tyop")
    client.force_login(rosa)
    r = client.post(f"/comments/{comment.pk}/edit", {"body": "Typo fixed"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    assert "edited" in r.json()["comment"]["html"]
    comment.refresh_from_db()
    assert comment.body == "Typo fixed" and comment.edited_at is not None


def test_it_refuses_edits_after_the_window(client, blog, rosa, comment_on):
    comment = comment_on(rosa, "Old words")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=1))
    client.force_login(rosa)
    r = client.post(f"/comments/{comment.pk}/edit", {"body": "New words"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Old words"


def test_it_refuses_edits_by_someone_else(client, blog, rosa, sam, comment_on):
    comment = comment_on(rosa, "Mine")
    client.force_login(sam)
    r = client.post(f"/comments/{comment.pk}/edit", {"body": "Hijacked"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == "Mine"
