"""Suspend, ban and notes on a reader, from the moderator's person page."""

import pytest

from community.models import Comment, Standing

pytestmark = pytest.mark.django_db


def test_it_suspends_a_reader_for_days(client, rosa, moderator):
    client.force_login(moderator)
    r = client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "suspend", "days": "3", "reason": "heated"})
    assert r.status_code == 302
    standing = Standing.objects.get(user=rosa)
    assert standing.is_suspended() and standing.suspension_reason == "heated"


def test_it_refuses_a_silly_suspension(client, rosa, moderator):
    client.force_login(moderator)
    client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "suspend", "days": "9999"})
    assert not Standing.objects.filter(user=rosa, suspended_until__isnull=False).exists()


def test_it_bans_a_reader_and_hides_their_comments(client, blog, rosa, moderator, comment_on):
    comment = comment_on(rosa, "Before the ban")
    client.force_login(moderator)
    client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "ban", "reason": "threats"})
    assert Standing.objects.get(user=rosa).banned
    assert Comment.objects.get(pk=comment.pk).status == "rejected"
    assert b"Before the ban" not in client.get(f"/live/{blog.slug}/comments/thread").content


def test_it_shows_history_and_keeps_notes(client, blog, rosa, moderator, comment_on):
    comment_on(rosa, "On the record")
    client.force_login(moderator)
    client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "note", "note": "Warned once"})
    page = client.get(f"/community/moderate/people/{rosa.pk}/").content.decode()
    assert "On the record" in page and "Warned once" in page


def test_it_refuses_readers(client, rosa, sam):
    client.force_login(sam)
    assert client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "ban", "reason": "x"}).status_code == 403
    assert not Standing.objects.filter(user=rosa).exists()
