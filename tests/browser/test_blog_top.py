"""An editor gives a live blog its picture and a summary on the desk's blog
form; a reader's open page shows both without a reload, and a link preview
finds the picture's wide rendition in og:image."""

import re
import urllib.request

import pytest
from playwright.sync_api import expect

from liveblogs.models import Image, LiveBlog
from liveblogs.tests.images import picture_bytes
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_a_new_blog_picture_and_summary_on_an_open_page(
    asgi_server, unique_blog, publish, editor, new_page, tmp_path
):
    blog = unique_blog
    publish(blog, headline="Ferries cancelled")
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(picture_bytes((2000, 1200)))

    reader = new_page()
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(reader.locator("article[data-post]")).to_have_count(1)
    expect(reader.locator(".liveblog__figure")).to_have_count(0)
    reader.evaluate("window.__sameDocument = true")

    desk = new_page()
    sign_in(desk, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/edit/")
    desk.get_by_label("Alt text").fill("Waves breaking over the harbour wall")
    desk.get_by_label("Credit").fill("Eddie Editor")
    desk.locator("[data-media-file]").set_input_files(str(photo))
    expect(desk.get_by_text("Picture uploaded. Save the details to use it.")).to_be_visible()
    summary = desk.get_by_role("textbox", name="Key points so far")
    summary.click()
    summary.type("The sea wall has been breached at Quay Street.")
    desk.get_by_role("button", name="Save details").click()
    expect(desk.get_by_text("Details saved.")).to_be_visible()
    image = Image.objects.get(blog=blog)
    assert LiveBlog.objects.get(pk=blog.pk).image_id == image.pk

    img = reader.locator("[data-blog-image] figure img")
    expect(img).to_have_attribute("alt", "Waves breaking over the harbour wall")
    assert re.search(r"1600w$", img.get_attribute("srcset"))
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    expect(reader.locator("[data-blog-summary] .summary")).to_contain_text(
        "The sea wall has been breached at Quay Street."
    )
    assert reader.evaluate("window.__sameDocument") is True  # no reload happened

    # A fresh fetch (a link preview's crawler) gets the new picture, not a cached page.
    with urllib.request.urlopen(f"{asgi_server.url}/live/{blog.slug}/") as r:
        page = r.read().decode()
    og = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert og.endswith("/1600.webp")
    assert "Key points so far" in page
