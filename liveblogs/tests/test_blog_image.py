"""A live blog's own picture (LiveBlog.image): chosen on the desk's blog
form, shown at the top of the reader page and on teasers, sent to open
pages, and offered to link previews and search engines as a wide rendition."""

import json
import re

import pytest
from lxml import html as lxml_html

from liveblogs import actions
from liveblogs.models import AuditEntry, BlogEvent, LiveBlog
from liveblogs.tests.images import picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pictures_in_a_folder_of_their_own(media_root):
    return media_root


def _picture(blog, by, size=(2400, 1600), alt="Waves over the harbour wall"):
    return actions.upload_image(
        blog=blog,
        by=by,
        upload=upload(picture_bytes(size)),
        alt_text=alt,
        caption="Harbour at dawn",
        credit="Rita Reporter",
    )


def _set(blog, by, image_id):
    return actions.update_blog(
        blog=blog, by=by, headline=blog.headline, standfirst=blog.standfirst, topics=[], image_id=image_id
    )


def _edit(client, image_id="", **extra):
    data = {"headline": "Storm hits the coast", "standfirst": "Live coverage.", "topics": "", "image": image_id}
    return client.post("/desk/blogs/storm/edit/", {**data, **extra})


def test_it_sets_the_picture_from_the_blog_form(client, editor, blog):
    image = _picture(blog, editor)
    client.force_login(editor)
    page = client.get("/desk/blogs/storm/edit/").content.decode()
    assert "data-media-field" in page and "Blog picture" in page
    r = _edit(client, image.pk)
    assert r.status_code == 302
    assert LiveBlog.objects.get(pk=blog.pk).image_id == image.pk
    # The form shows the chosen picture next time, ready to remove.
    page = client.get("/desk/blogs/storm/edit/").content.decode()
    assert f'name="image" value="{image.pk}"' in page
    assert "Waves over the harbour wall" in page


def test_it_uses_a_picture_already_uploaded_to_the_blog(client, editor, blog, publish):
    earlier = _picture(blog, editor, alt="Lifeboat crew at the slipway")
    publish(blog, headline="Lifeboat launched")
    client.force_login(editor)
    page = client.get("/desk/blogs/storm/edit/").content.decode()
    assert f'name="choose_image" value="{earlier.pk}"' in page
    assert "Lifeboat crew at the slipway" in page
    assert _edit(client, "", choose_image=earlier.pk).status_code == 302
    assert LiveBlog.objects.get(pk=blog.pk).image_id == earlier.pk
    # Not a picture from another blog.
    other = actions.create_blog(by=editor, headline="Election night", slug="election")
    r = _edit(client, earlier.pk, choose_image=_picture(other, editor).pk)
    assert r.status_code == 400
    assert LiveBlog.objects.get(pk=blog.pk).image_id == earlier.pk


def test_it_removes_the_picture_when_the_field_is_emptied(client, editor, blog):
    _set(blog, editor, _picture(blog, editor).pk)
    client.force_login(editor)
    assert _edit(client, "").status_code == 302
    assert LiveBlog.objects.get(pk=blog.pk).image_id is None
    assert "liveblog__figure" not in client.get("/live/storm/").content.decode()


def test_it_refuses_a_picture_from_another_blog_and_keeps_the_typed_text(client, editor, blog):
    other = actions.create_blog(by=editor, headline="Election night", slug="election")
    image = _picture(other, editor)
    client.force_login(editor)
    r = _edit(client, image.pk, headline="A new headline typed here")
    assert r.status_code == 400
    assert "not one uploaded to this blog" in r.content.decode()
    assert "A new headline typed here" in r.content.decode()
    assert LiveBlog.objects.get(pk=blog.pk).image_id is None
    with pytest.raises(actions.ActionError):
        _set(blog, editor, image.pk)


def test_it_lets_an_editor_upload_a_picture_to_an_ended_blog(client, editor, blog):
    actions.close_blog(blog=blog, by=editor)
    client.force_login(editor)
    r = client.post(
        "/desk/blogs/storm/media/", {"file": upload(picture_bytes((800, 600))), "alt_text": "The harbour, calm again"}
    )
    assert r.status_code == 201


def test_it_audits_the_change_with_the_pictures_alt_texts(editor, blog):
    first = _picture(blog, editor, alt="Waves over the harbour wall")
    second = _picture(blog, editor, alt="Sandbags on Quay Street")
    _set(blog, editor, first.pk)
    _set(blog, editor, second.pk)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE_BLOG).latest("id")
    assert entry.changes == {"image": ["Waves over the harbour wall", "Sandbags on Quay Street"]}
    assert ("Picture", "Waves over the harbour wall", "Sandbags on Quay Street") in entry.change_rows


def test_it_tells_open_pages_and_moves_the_head(editor, blog):
    image = _picture(blog, editor)
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    _set(blog, editor, image.pk)
    blog = LiveBlog.objects.get(pk=blog.pk)
    # The head moves, so cached pages (named by the head) are stale.
    assert blog.head_seq == head + 1
    event = json.loads(BlogEvent.objects.get(blog=blog, seq=blog.head_seq).payload)
    assert event["kind"] == "blog.updated"
    assert 'alt="Waves over the harbour wall"' in event["blog"]["image_html"]
    assert "srcset=" in event["blog"]["image_html"]
    _set(blog, editor, None)
    event = json.loads(BlogEvent.objects.filter(blog=blog).latest("seq").payload)
    assert event["blog"]["image_html"] == ""


def test_it_changes_nothing_when_the_same_picture_is_saved_again(editor, blog):
    image = _picture(blog, editor)
    _set(blog, editor, image.pk)
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    _set(blog, editor, image.pk)
    assert LiveBlog.objects.get(pk=blog.pk).head_seq == head


def test_it_shows_the_picture_at_the_top_of_the_reader_page(client, editor, blog):
    _set(blog, editor, _picture(blog, editor).pk)
    page = lxml_html.fromstring(client.get("/live/storm/").content)
    (img,) = page.xpath('//header[@class="liveblog__header"]//figure[@class="liveblog__figure"]/img')
    assert img.get("alt") == "Waves over the harbour wall"
    assert [w.split()[-1] for w in img.get("srcset").split(", ")] == ["480w", "960w", "1600w"]
    assert (img.get("width"), img.get("height")) == ("2400", "1600")
    assert page.xpath('//figure[@class="liveblog__figure"]/figcaption/text()') == ["Harbour at dawn — Rita Reporter"]


def test_it_shows_the_picture_on_the_front_page_teaser(client, editor, blog):
    _set(blog, editor, _picture(blog, editor).pk)
    page = lxml_html.fromstring(client.get("/").content)
    (img,) = page.xpath('//li[contains(@class, "blog-teaser")]//img[@class="blog-teaser__image"]')
    assert img.get("alt") == "Waves over the harbour wall"
    assert "480w" in img.get("srcset")


def test_it_offers_a_wide_rendition_to_link_previews_and_search_engines(client, editor, blog, settings):
    settings.SITE_URL = site_url = "https://news.example.org"
    _set(blog, editor, _picture(blog, editor).pk)
    html = client.get("/live/storm/").content.decode()
    page = lxml_html.fromstring(html)
    (og,) = page.xpath('//meta[@property="og:image"]/@content')
    (tw,) = page.xpath('//meta[@name="twitter:image"]/@content')
    assert og == tw
    assert og.startswith(site_url + "/media/") and og.endswith("/1600.webp")
    assert page.xpath('//meta[@property="og:image:alt"]/@content') == ["Waves over the harbour wall"]
    assert page.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]
    data = [json.loads(s) for s in page.xpath('//script[@type="application/ld+json"]/text()')]
    (posting,) = [d for d in data if d.get("@type") == "LiveBlogPosting"]
    assert posting["image"]["url"] == og
    assert posting["image"]["width"] == 1600


def test_it_offers_the_widest_rendition_of_a_small_picture(client, editor, blog):
    _set(blog, editor, _picture(blog, editor, size=(800, 600)).pk)
    (og,) = lxml_html.fromstring(client.get("/live/storm/").content).xpath('//meta[@property="og:image"]/@content')
    assert og.endswith("/800.webp")


def test_it_has_no_image_tags_without_a_picture(client, blog):
    html = client.get("/live/storm/").content.decode()
    assert "og:image" not in html
    assert re.search(r'name="twitter:card" content="summary"', html)
