import pytest

from community import actions

pytestmark = pytest.mark.django_db


def test_it_shows_a_public_profile(client, blog, rosa, sam, comment_on):
    rosa.bio = "Lives by the river."
    rosa.save()
    comment_on(rosa, "Published words")
    actions.follow_reader(follower=sam, followee=rosa)
    page = client.get(f"/people/{rosa.username}/").content.decode()
    assert "Rosa Reader" in page and "Lives by the river." in page
    assert "1 comment" in page and "Published words" in page
    assert "Sam Stranger" in page and "1 follower" in page
    assert client.get(f"/people/{rosa.pk}/").status_code == 200


def test_it_leaves_unpublished_comments_off_the_profile(client, blog, rosa, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    comment_on(rosa, "Something fishy")
    page = client.get(f"/people/{rosa.username}/").content.decode()
    assert "Something fishy" not in page and "0 comments" in page


def test_it_has_no_profile_for_unknown_or_inactive_accounts(client, rosa):
    assert client.get("/people/nobody-here/").status_code == 404
    rosa.is_active = False
    rosa.save()
    assert client.get(f"/people/{rosa.username}/").status_code == 404
