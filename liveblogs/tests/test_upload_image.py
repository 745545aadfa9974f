"""actions.upload_image: what is checked, what is kept, what is stripped."""

import errno
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from liveblogs import actions
from liveblogs.models import Image
from liveblogs.storage import AtomicFileSystemStorage
from liveblogs.tests.images import GPS_IFD, picture_bytes, png_bomb, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pictures_in_a_folder_of_their_own(media_root):
    return media_root


def _upload(blog, by, data, **kwargs):
    kwargs.setdefault("alt_text", "Firefighters on a flooded street")
    return actions.upload_image(blog=blog, by=by, upload=upload(data, **kwargs.pop("file", {})), **kwargs)


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_it_makes_renditions_for_a_responsive_srcset(blog, reporter, media_root):
    image = _upload(blog, reporter, picture_bytes((2400, 1600)), caption="Main street at noon", credit="Rita Reporter")
    assert [r["width"] for r in image.renditions] == [480, 960, 1600]
    assert [r["height"] for r in image.renditions] == [320, 640, 1067]
    for r in image.renditions:
        with default_storage.open(r["name"]) as f:
            stored = PILImage.open(f)
            assert stored.format == "WEBP"
            assert stored.width == r["width"]
    assert image.srcset.count("w, ") == 2 and image.srcset.endswith(" 1600w")
    assert image.src.endswith("/960.webp")
    assert image.src.startswith("/media/liveblogs/images/")
    assert image.credit_line == "Main street at noon — Rita Reporter"
    assert (image.width, image.height, image.uploaded_by) == (2400, 1600, reporter)
    # Only the renditions are kept: no original, no temporary files.
    assert len(_files(media_root)) == 3
    assert all(name.endswith(".webp") for name in _files(media_root))


def test_it_never_makes_a_rendition_wider_than_the_picture(blog, reporter):
    image = _upload(
        blog, reporter, picture_bytes((700, 350), fmt="PNG"), file={"name": "a.png", "content_type": "image/png"}
    )
    assert [r["width"] for r in image.renditions] == [480, 700]


def test_it_strips_exif_and_gps_from_the_stored_files(blog, reporter):
    data = picture_bytes(gps=True)
    original = PILImage.open(BytesIO(data)).getexif()
    assert original.get_ifd(GPS_IFD)  # the fixture really carries a position
    image = _upload(blog, reporter, data)
    for r in image.renditions:
        with default_storage.open(r["name"]) as f:
            raw = f.read()
        stored = PILImage.open(BytesIO(raw))
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(GPS_IFD)
        assert "exif" not in stored.info and "xmp" not in stored.info
        assert b"PhoneMaker" not in raw and b"EXIF" not in raw.upper()[:64]


def test_it_sniffs_the_type_and_refuses_a_file_lying_about_it(blog, reporter, media_root):
    html = b"<html><script>alert(1)</script></html>" * 50
    with pytest.raises(actions.ActionError, match="not a picture we can use"):
        _upload(blog, reporter, html, file={"name": "photo.jpg", "content_type": "image/jpeg"})
    assert not Image.objects.exists()
    assert _files(media_root) == []


def test_it_accepts_a_real_picture_whatever_its_name_says(blog, reporter):
    image = _upload(blog, reporter, picture_bytes(fmt="PNG"), file={"name": "notes.txt", "content_type": "text/plain"})
    assert image.renditions


def test_it_refuses_a_truncated_picture(blog, reporter):
    with pytest.raises(actions.ActionError, match="not a picture we can use"):
        _upload(blog, reporter, picture_bytes()[:400])


def test_it_refuses_a_decompression_bomb_with_a_clear_message(blog, reporter, media_root):
    with pytest.raises(actions.ActionError, match=r"too large to process \(over 40,000,000 pixels\)"):
        _upload(blog, reporter, png_bomb(), file={"name": "map.png", "content_type": "image/png"})
    assert not Image.objects.exists()
    assert _files(media_root) == []


def test_it_refuses_a_picture_over_the_pixel_limit(blog, reporter, settings):
    settings.MEDIA_MAX_PIXELS = 500_000
    with pytest.raises(actions.ActionError, match="too large to process"):
        _upload(blog, reporter, picture_bytes((1000, 600)))


def test_it_refuses_a_file_over_the_size_limit(blog, reporter, settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 2048
    with pytest.raises(actions.ActionError, match=r"This file is too big \(0\.\d MB\)"):
        _upload(blog, reporter, picture_bytes((800, 800)))
    assert not Image.objects.exists()


def test_it_requires_alt_text(blog, reporter, media_root):
    with pytest.raises(actions.ActionError, match="alt text is required"):
        _upload(blog, reporter, picture_bytes(), alt_text="   ")
    assert not Image.objects.exists()
    assert _files(media_root) == []


class FullDisk(AtomicFileSystemStorage):
    """The disk fills up part-way through the second file written."""

    writes = 0

    def _write(self, f, content):
        FullDisk.writes += 1
        if FullDisk.writes >= 2:
            f.write(content.read(100))
            raise OSError(errno.ENOSPC, "No space left on device")
        super()._write(f, content)


def test_it_leaves_nothing_behind_when_the_disk_is_full(blog, reporter, settings, media_root):
    FullDisk.writes = 0
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "liveblogs.tests.test_upload_image.FullDisk"}}
    with pytest.raises(actions.ActionError, match="picture store is full"):
        _upload(blog, reporter, picture_bytes((2000, 1000)))
    assert FullDisk.writes == 2
    assert not Image.objects.exists()
    # Neither the finished first rendition nor the half-written second (its
    # temporary file) is left.
    assert _files(media_root) == []


def test_it_keeps_a_posts_picture_and_embed_through_an_edit_that_does_not_mention_them(blog, reporter):
    # The API's edits build PostContent from the text fields only.
    image = _upload(blog, reporter, picture_bytes((600, 400)))
    post = actions.publish_post(blog=blog, by=reporter, content=actions.PostContent(
        headline="Lane flooded", image_id=image.pk, embed_url="https://youtu.be/dQw4w9WgXcQ"))
    post = actions.edit_post(post=post, by=reporter, content=actions.PostContent(headline="Lane flooded again"))
    assert (post.headline, post.image_id, post.embed_url) == ("Lane flooded again", image.pk, "https://youtu.be/dQw4w9WgXcQ")
    post = actions.edit_post(
        post=post, by=reporter, content=actions.PostContent(headline="Lane clear", image_id=None, embed_url="")
    )
    assert (post.image_id, post.embed_url) == (None, "")
