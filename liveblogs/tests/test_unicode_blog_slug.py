"""Issue 13: a live blog's address in the newsroom's own script
(/live/повінь-на-закарпатті/), as topics already have. Browsers send it
percent-encoded; Django and the fast lane see it decoded."""

from urllib.parse import quote

import pytest

from liveblogs.models import LiveBlog

pytestmark = pytest.mark.django_db

SLUG = "повінь-на-закарпатті"


def _form(**overrides):
    return {
        "headline": "Повінь на Закарпатті",
        "standfirst": "Річки вийшли з берегів.",
        "slug": "Повінь-на-Закарпатті",  # typed with a capital: kept lower-case
        "topics": "",
        "language": "uk",
    } | overrides


@pytest.fixture
def cyrillic_blog(client, editor):
    from liveblogs import actions

    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form())
    assert r.status_code == 302
    assert r.url == f"/desk/blogs/{quote(SLUG)}/"
    blog = LiveBlog.objects.get(slug=SLUG)
    assert client.get(r.url).status_code == 200
    blog = actions.open_blog(blog=blog, by=editor)
    client.logout()
    return blog


def test_an_editor_gives_a_blog_an_address_in_cyrillic(cyrillic_blog):
    assert cyrillic_blog.slug == SLUG
    assert cyrillic_blog.get_absolute_url() == f"/live/{quote(SLUG)}/"  # links are percent-encoded


@pytest.mark.parametrize("encode", [quote, str], ids=["percent-encoded", "raw"])
def test_its_reader_pages_answer_at_both_forms_of_the_address(client, cyrillic_blog, encode):
    slug = encode(SLUG)
    page = client.get(f"/live/{slug}/")
    assert page.status_code == 200
    assert "Повінь на Закарпатті" in page.content.decode()
    feed = client.get(f"/live/{slug}/feed/rss/")
    assert feed.status_code == 200
    assert "Повінь на Закарпатті" in feed.content.decode()
    assert client.get(f"/live/{slug}/feed/atom/").status_code == 200
    assert client.get(f"/embed/{slug}/").status_code == 200
    assert client.get(f"/live/{slug}/teaser.json").status_code == 200
    assert client.get(f"/live/{slug}/comments/").status_code == 200


def test_the_desk_pages_of_the_blog_answer(client, editor, cyrillic_blog):
    client.force_login(editor)
    assert client.get(f"/desk/blogs/{quote(SLUG)}/edit/").status_code == 200
    assert client.get(f"/desk/blogs/{SLUG}/").status_code == 200


@pytest.mark.parametrize("slug", ["повінь на закарпатті", "повінь/закарпаття"])
def test_an_address_with_a_space_or_a_slash_is_still_refused(client, editor, slug):
    client.force_login(editor)
    r = client.post("/desk/blogs/new/", _form(slug=slug))
    assert r.status_code == 400
    assert "Unicode letters, numbers, underscores, or hyphens" in r.content.decode()
    assert not LiveBlog.objects.exists()


def test_a_renamed_cyrillic_address_redirects_to_the_new_one(client, editor, cyrillic_blog):
    from liveblogs import actions

    actions.update_blog(
        blog=cyrillic_blog, by=editor, headline=cyrillic_blog.headline, standfirst="", topics=[], slug="повінь-2026"
    )
    r = client.get(f"/live/{quote(SLUG)}/")
    assert r.status_code in (301, 308)
    assert r["Location"] == f"/live/{quote('повінь-2026')}/"
