import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_redirects_anonymous_visitors_to_sign_in(client):
    r = client.get("/desk/")
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")


def test_it_forbids_readers(client, reader):
    client.force_login(reader)
    assert client.get("/desk/").status_code == 403


def test_it_lists_blogs_of_every_status_newest_activity_first(client, editor, blog, publish):
    draft = actions.create_blog(by=editor, headline="Budget day", slug="budget")
    ended = actions.open_blog(
        blog=actions.create_blog(by=editor, headline="Election night", slug="election"), by=editor
    )
    actions.close_blog(blog=ended, by=editor)
    publish(blog, headline="Latest")  # The storm blog now has the newest activity.
    client.force_login(editor)
    r = client.get("/desk/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.index("Storm hits the coast") < html.index("Election night")
    assert "Budget day" in html
    for status in ("Draft", "Live", "Ended"):
        assert f">{status}</span>" in html
    assert 'href="/desk/blogs/storm/"' in html
    assert 'href="/live/storm/"' in html
    # A draft has no reader page yet.
    assert 'href="/live/budget/"' not in html
    assert draft.slug == "budget"


def test_it_offers_editors_a_new_live_blog(client, editor):
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert "New live blog" in html
    assert 'href="/desk/blogs/new/"' in html


def test_it_does_not_offer_reporters_a_new_live_blog(client, reporter, blog):
    client.force_login(reporter)
    html = client.get("/desk/").content.decode()
    assert "Storm hits the coast" in html
    assert "New live blog" not in html
