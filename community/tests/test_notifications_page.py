"""The notifications page, marking read, the bell's count in /me and the
count endpoint the page's script refreshes."""

import pytest

from community.models import Notification

pytestmark = pytest.mark.django_db


def test_it_lists_notifications_and_marks_them_read(client, blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "A reply", parent=top)
    client.force_login(rosa)
    page = client.get("/community/notifications/")
    assert "Sam Stranger replied to your comment" in page.content.decode()
    assert client.get("/community/notifications/unread").json() == {"authenticated": True, "unread": 1}
    client.post("/community/notifications/read")
    assert not Notification.objects.filter(recipient=rosa, read_at=None).exists()


def test_it_puts_the_unread_count_in_me(client, blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "A reply", parent=top)
    client.force_login(rosa)
    data = client.get("/me").json()
    assert data["community"]["unread"] == 1
    assert data["community"]["notifications_url"] == "/community/notifications/"


def test_it_shows_only_my_own_notifications(client, blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "For Rosa only", parent=top)
    client.force_login(sam)
    assert "replied to your comment" not in client.get("/community/notifications/").content.decode()
