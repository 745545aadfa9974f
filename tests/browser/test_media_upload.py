"""An editor adds a picture to a post in the desk (file picker, alt text,
caption, credit, progress), publishes, and the reader page shows it as a
responsive figure whose renditions load."""

import pytest
from playwright.sync_api import expect

from liveblogs.models import Image, Post
from liveblogs.tests.images import picture_bytes
from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_uploads_a_picture_with_alt_text_and_shows_it_to_readers_with_srcset(
    asgi_server, unique_blog, editor, new_page, tmp_path
):
    blog = unique_blog
    photo = tmp_path / "harbour.jpg"
    photo.write_bytes(picture_bytes((1800, 1200), gps=True))

    desk = signed_in_page(new_page, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    desk.get_by_label("Headline").fill("Boats pulled clear of the harbour wall")
    desk.get_by_label("Alt text").fill("Fishing boats on trailers beside a flooded quay")
    desk.get_by_label("Caption").fill("Crews worked through the night")
    desk.get_by_label("Credit").fill("Eddie Editor")
    desk.locator("[data-media-file]").set_input_files(str(photo))
    expect(desk.get_by_text("Picture uploaded.")).to_be_visible()
    image = Image.objects.get(blog=blog)
    expect(desk.locator('input[name="image"]')).to_have_value(str(image.pk))
    desk.get_by_role("button", name="Publish", exact=True).click()
    post = Post.objects.get(blog=blog)
    assert post.image_id == image.pk

    reader = new_page()
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    img = reader.locator(f"#post-{post.pk} figure img")
    expect(img).to_have_attribute("alt", "Fishing boats on trailers beside a flooded quay")
    expect(img).to_have_attribute("loading", "lazy")
    srcset = img.get_attribute("srcset")
    assert [part.split()[1] for part in srcset.split(", ")] == ["480w", "960w", "1600w"]
    expect(reader.locator(f"#post-{post.pk} figcaption")).to_have_text("Crews worked through the night — Eddie Editor")
    img.scroll_into_view_if_needed()
    reader.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())


def _drop_or_paste(page, selector, event, data: bytes, name: str):
    """Fire a real drop or paste event carrying a file, as the browser does."""
    page.evaluate(
        """([selector, event, bytes, name]) => {
            const dt = new DataTransfer();
            dt.items.add(new File([new Uint8Array(bytes)], name, {type: "image/png"}));
            const target = document.querySelector(selector);
            const e = event === "drop"
              ? new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true})
              : new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true});
            target.dispatchEvent(e);
        }""",
        [selector, event, list(data), name],
    )


def test_it_takes_a_dropped_or_pasted_picture_and_waits_for_alt_text(asgi_server, unique_blog, editor, new_page):
    blog = unique_blog
    desk = signed_in_page(new_page, asgi_server, editor)
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    status = desk.locator("[data-media-status]")

    _drop_or_paste(desk, "[data-media-drop]", "drop", picture_bytes((600, 400), fmt="PNG"), "map.png")
    expect(status).to_contain_text("Describe the picture in the alt text")
    assert not Image.objects.filter(blog=blog).exists()
    desk.get_by_label("Alt text").fill("Map of the closed roads")
    desk.get_by_role("button", name="Upload picture").click()
    expect(status).to_have_text("Picture uploaded. Publish or save the post to use it.")
    assert Image.objects.get(blog=blog).alt_text == "Map of the closed roads"

    desk.get_by_role("button", name="Remove picture").click()
    expect(desk.locator('input[name="image"]')).to_have_value("")
    # Each picture needs its own description: the form does not reuse the last one.
    expect(desk.get_by_label("Alt text")).to_have_value("")
    desk.get_by_label("Alt text").fill("Close-up of the flood gauge")
    # Pasted into the body editor: it becomes the post's picture.
    _drop_or_paste(
        desk,
        "form.post-form .ProseMirror, form.post-form textarea",
        "paste",
        picture_bytes((500, 500), fmt="PNG"),
        "clip.png",
    )
    expect(status).to_have_text("Picture uploaded. Publish or save the post to use it.")
    assert Image.objects.filter(blog=blog).order_by("pk").last().alt_text == "Close-up of the flood gauge"
