import pytest

from liveblogs.models import LiveBlog

pytestmark = pytest.mark.django_db


def _form(**overrides):
    return {
        "headline": "Floods in the north",
        "standfirst": "Rivers burst their banks after three days of rain.",
        "slug": "floods",
        "topics": "Weather, UK news, weather",
    } | overrides


def test_it_shows_the_form_to_editors(client, editor):
    client.force_login(editor)
    r = client.get("/desk/blogs/new/")
    assert r.status_code == 200
    html = r.content.decode()
    for label in ("Headline", "Standfirst", "Slug", "Topics"):
        assert f">{label}</label>" in html


def test_it_creates_a_draft_blog_with_topics(client, editor):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form())
    assert r.status_code == 302
    assert r.url == "/desk/blogs/floods/"
    blog = LiveBlog.objects.get(slug="floods")
    assert blog.headline == "Floods in the north"
    assert blog.status == LiveBlog.Status.DRAFT
    assert blog.created_by == editor
    assert sorted(t.name for t in blog.topics.all()) == ["UK news", "Weather"]
    html = client.get(r.url).content.decode()
    assert "Live blog created" in html
    assert ">Draft</span>" in html


def test_it_refuses_an_address_already_taken(client, editor, blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form(slug="storm"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "A live blog with this address already exists." in html
    # What was typed is still there.
    assert 'value="Floods in the north"' in html
    assert LiveBlog.objects.count() == 1


def test_it_refuses_an_address_that_is_not_a_slug(client, editor):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form(slug="floods in the north!"))
    assert r.status_code == 400
    assert "Unicode letters, numbers, underscores, or hyphens" in r.content.decode()
    assert not LiveBlog.objects.exists()


def test_it_refuses_the_address_of_the_create_page(client, editor):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form(slug="new"))
    assert r.status_code == 400
    assert not LiveBlog.objects.exists()


def test_it_requires_a_headline(client, editor):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form(headline=""))
    assert r.status_code == 400
    assert "This field is required." in r.content.decode()


def test_it_forbids_reporters(client, reporter):
    client.force_login(reporter)
    assert client.get("/desk/blogs/new/").status_code == 403
    assert client.post("/desk/blogs/new/", _form()).status_code == 403
    assert not LiveBlog.objects.exists()


def test_it_forbids_readers(client, reader):
    client.force_login(reader)
    assert client.post("/desk/blogs/new/", _form()).status_code == 403
    assert not LiveBlog.objects.exists()


def test_it_redirects_anonymous_visitors_to_sign_in(client):
    r = client.post("/desk/blogs/new/", _form())
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
    assert not LiveBlog.objects.exists()
