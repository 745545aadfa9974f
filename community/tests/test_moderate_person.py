"""Suspend, ban and notes on a reader, from the moderator's person page."""

import pytest

from community.models import Comment, Standing, StandingChange

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


def test_it_records_who_changed_a_readers_standing_and_why(client, rosa, moderator):
    client.force_login(moderator)
    page = f"/community/moderate/people/{rosa.pk}/"
    client.post(page, {"action": "suspend", "days": "2", "reason": "heated"})
    client.post(page, {"action": "lift"})
    client.post(page, {"action": "ban", "reason": "threats"})
    client.post(page, {"action": "unban"})
    client.post(page, {"action": "premoderate"})
    client.post(page, {"action": "note", "note": "Watch this one"})
    log = list(StandingChange.objects.filter(user=rosa).order_by("id").values_list("action", "actor", "reason"))
    assert log == [
        ("suspend", moderator.pk, "heated"),
        ("lift", moderator.pk, ""),
        ("ban", moderator.pk, "threats"),
        ("unban", moderator.pk, ""),
        ("premoderate", moderator.pk, ""),
        ("note", moderator.pk, ""),
    ]
    html = client.get(page).content.decode()
    assert "Moderation log" in html and "Banned (threats)" in html and moderator.byline in html


def test_it_records_nothing_when_a_change_is_refused(client, rosa, moderator):
    client.force_login(moderator)
    client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "ban", "reason": ""})
    client.post(f"/community/moderate/people/{rosa.pk}/", {"action": "suspend", "days": "0"})
    assert not StandingChange.objects.filter(user=rosa).exists()
