"""Save for later (Premium), the Saved page, and the lapsed state."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from membership import actions
from membership.models import Bookmark

pytestmark = pytest.mark.django_db


@pytest.fixture
def premium(member, admin_user):
    actions.grant_premium(member=member, by=admin_user, until=timezone.now() + timedelta(days=30), note="test")
    return member


def test_it_saves_a_story_for_a_member(client, premium, blog):
    client.force_login(premium)
    response = client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"saved": True, "blog": "storm", "post": None}
    assert Bookmark.objects.filter(user=premium, blog=blog, post=None).count() == 1


def test_it_saves_once_however_often_the_button_is_pressed(client, premium, blog):
    client.force_login(premium)
    for _ in range(3):
        client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    assert Bookmark.objects.count() == 1


def test_it_saves_a_single_post(client, premium, blog, publish):
    post = publish(blog, headline="Bridge closed")
    client.force_login(premium)
    response = client.post(
        "/membership/bookmarks/", {"blog": blog.slug, "post": post.pk}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["post"] == post.pk
    page = client.get("/saved/").content.decode()
    assert "Bridge closed" in page
    assert "An update in" in page


def test_it_refuses_a_reader_without_premium_and_points_to_join(client, reader, blog):
    client.force_login(reader)
    response = client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["join_url"] == "/membership/join/"
    assert not Bookmark.objects.exists()


def test_it_refuses_a_signed_out_reader(client, blog):
    response = client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401


def test_it_refuses_an_unknown_story(client, premium):
    client.force_login(premium)
    response = client.post("/membership/bookmarks/", {"blog": "no-such-story"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 404


def test_it_needs_the_csrf_token_from_me(premium, blog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(premium)
    refused = client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403
    token = client.get("/me").json()["membership"]["csrf"]
    accepted = client.post(
        "/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200


def test_it_counts_new_updates_since_saving_on_the_saved_page(client, premium, blog, publish):
    publish(blog, headline="Before saving")
    Bookmark.objects.create(user=premium, blog=blog)
    client.force_login(premium)
    assert "No new updates since you saved" in client.get("/saved/").content.decode()
    publish(blog, headline="After one")
    publish(blog, headline="After two")
    page = client.get("/saved/").content.decode()
    assert "2 new updates since you saved" in page
    assert "Live" in page


def test_it_shows_an_ended_story_as_ended(client, premium, blog, editor):
    from liveblogs import actions as blog_actions

    Bookmark.objects.create(user=premium, blog=blog)
    blog_actions.close_blog(blog=blog, by=editor)
    client.force_login(premium)
    assert "Ended" in client.get("/saved/").content.decode()


def test_it_lets_a_lapsed_member_read_saved_stories_but_not_add_more(client, premium, blog, admin_user, editor):
    from liveblogs import actions as blog_actions

    client.force_login(premium)
    client.post("/membership/bookmarks/", {"blog": blog.slug}, HTTP_ACCEPT="application/json")
    actions.revoke_premium(member=premium, by=admin_user, note="test")
    other = blog_actions.open_blog(
        blog=blog_actions.create_blog(by=editor, headline="Second story", slug="second"), by=editor
    )
    refused = client.post("/membership/bookmarks/", {"blog": other.slug}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403
    page = client.get("/saved/").content.decode()
    assert "Storm hits the coast" in page
    assert "Your Premium membership has lapsed" in page


def test_it_removes_a_bookmark_from_the_saved_page_without_script(client, premium, blog):
    Bookmark.objects.create(user=premium, blog=blog)
    client.force_login(premium)
    response = client.post("/membership/bookmarks/", {"blog": blog.slug, "action": "remove"})
    assert response.status_code == 302
    assert not Bookmark.objects.exists()


def test_it_sends_a_signed_out_reader_from_saved_to_sign_in(client):
    assert client.get("/saved/").status_code == 302


def test_it_keeps_the_reader_page_the_same_for_everyone(client, premium, blog, publish):
    publish(blog, headline="One")
    anonymous = Client().get(f"/live/{blog.slug}/")
    client.force_login(premium)
    signed_in = client.get(f"/live/{blog.slug}/")
    assert anonymous.content == signed_in.content
    body = anonymous.content.decode()
    assert "data-membership-save" in body
    assert "membership/membership.js" in body
    assert "csrfmiddlewaretoken" not in body
    assert not anonymous.cookies


def test_it_lists_saved_stories_in_a_fixed_number_of_queries(client, premium, editor, django_assert_max_num_queries):
    from liveblogs import actions as blog_actions

    client.force_login(premium)

    def save_another(n):
        b = blog_actions.open_blog(
            blog=blog_actions.create_blog(by=editor, headline=f"Story {n}", slug=f"story-{n}"), by=editor
        )
        Bookmark.objects.create(user=premium, blog=b)

    save_another(0)
    with django_assert_max_num_queries(12) as few:
        client.get("/saved/")
    for n in range(1, 6):
        save_another(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/saved/").content.decode()
    assert page.count("data-saved-item") == 6
