"""Follow, unfollow, mute and unmute, and what they refuse."""

import pytest

from community.models import Follow, Mute

pytestmark = pytest.mark.django_db


def relate(client, person, action):
    return client.post(f"/people/{person.username}/relation", {"action": action}, HTTP_ACCEPT="application/json")


def test_it_follows_and_unfollows_once(client, rosa, sam):
    client.force_login(sam)
    assert relate(client, rosa, "follow").status_code == 200
    assert relate(client, rosa, "follow").status_code == 200  # a double click
    assert Follow.objects.filter(follower=sam, followee=rosa).count() == 1
    relate(client, rosa, "unfollow")
    assert not Follow.objects.exists()


def test_it_refuses_following_yourself(client, rosa):
    client.force_login(rosa)
    r = relate(client, rosa, "follow")
    assert r.status_code == 403 and "yourself" in r.json()["error"]
    assert not Follow.objects.exists()


def test_it_refuses_unverified_and_anonymous_followers(client, rosa, stranger):
    assert relate(client, rosa, "follow").status_code == 403
    client.force_login(stranger)
    assert relate(client, rosa, "follow").status_code == 403
    assert not Follow.objects.exists()


def test_it_mutes_a_reader_and_tells_the_forum_script(client, blog, rosa, sam):
    client.force_login(sam)
    assert relate(client, rosa, "mute").status_code == 200
    assert Mute.objects.filter(muter=sam, muted=rosa).exists()
    assert client.get(f"/live/{blog.slug}/comments/mine").json()["muted"] == [rosa.pk]
    relate(client, rosa, "unmute")
    assert not Mute.objects.exists()


def test_it_rejects_unknown_actions(client, rosa, sam):
    client.force_login(sam)
    assert relate(client, rosa, "befriend").status_code == 400
