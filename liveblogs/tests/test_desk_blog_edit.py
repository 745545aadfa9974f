import pytest

from liveblogs.models import LiveBlog

pytestmark = pytest.mark.django_db


def test_it_shows_the_details_prefilled(client, editor, blog):
    client.force_login(editor)
    r = client.get("/desk/blogs/storm/edit/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'value="Storm hits the coast"' in html
    # The address can change (old addresses redirect: test_blog_slug_change.py).
    assert 'name="slug" value="storm"' in html


def test_it_saves_headline_standfirst_and_topics(client, editor, blog):
    client.force_login(editor)
    r = client.post(
        "/desk/blogs/storm/edit/",
        {"headline": "Storm Ciara hits the coast", "standfirst": "Updates all day.", "topics": "Weather"},
    )
    assert r.status_code == 302
    assert r.url == "/desk/blogs/storm/"
    blog = LiveBlog.objects.get(slug="storm")
    assert blog.headline == "Storm Ciara hits the coast"
    assert blog.standfirst == "Updates all day."
    assert [t.name for t in blog.topics.all()] == ["Weather"]
    assert "Storm Ciara hits the coast" in client.get("/live/storm/").content.decode()


def test_it_keeps_what_was_typed_when_invalid(client, editor, blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/edit/", {"headline": "", "standfirst": "Kept standfirst", "topics": ""})
    assert r.status_code == 400
    assert "Kept standfirst" in r.content.decode()


def test_it_forbids_reporters(client, reporter, blog):
    client.force_login(reporter)
    assert client.get("/desk/blogs/storm/edit/").status_code == 403
    r = client.post("/desk/blogs/storm/edit/", {"headline": "Hijacked", "standfirst": "", "topics": ""})
    assert r.status_code == 403
    assert LiveBlog.objects.get(slug="storm").headline == "Storm hits the coast"


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog):
    r = client.get("/desk/blogs/storm/edit/")
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
