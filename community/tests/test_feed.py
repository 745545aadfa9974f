import pytest

from community import actions

pytestmark = pytest.mark.django_db


def test_it_shows_what_people_i_follow_said_across_blogs(client, blog, editor, rosa, sam, reporter, comment_on):
    from liveblogs import actions as blog_actions

    other = blog_actions.open_blog(
        blog=blog_actions.create_blog(by=editor, headline="Second story", slug="second"), by=editor
    )
    actions.follow_reader(follower=sam, followee=rosa)
    comment_on(rosa, "On the storm")
    comment_on(rosa, "On the second story", on=other)
    comment_on(reporter, "Not followed")
    client.force_login(sam)
    page = client.get("/community/feed/").content.decode()
    assert page.index("On the second story") < page.index("On the storm")
    assert "Not followed" not in page


def test_it_asks_for_sign_in(client):
    assert client.get("/community/feed/").status_code == 302
