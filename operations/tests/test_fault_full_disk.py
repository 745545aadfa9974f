"""A full upload disk: MEDIA_ROOT on a real, tiny filesystem (a tmpfs
mounted for the test), filled until the picture no longer fits. A reporter
writing a post at the desk (a real browser) uploads a picture: they are told
the picture store is full, their headline and text stay in the form,
nothing is left on the disk (neither the rendition that did fit nor the
temporary file of the one that did not, nor the upload's folder) and no
Image row exists. Once space is freed the same upload works and the post is
published with it.

Mounting needs root: elsewhere the test skips saying so, and under CI=true
(where it runs as root) it fails instead."""

import os
import random
import shutil
import subprocess
from io import BytesIO

import pytest
from PIL import Image as PILImage

from conftest import PASSWORD
from liveblogs import media
from liveblogs.models import Image, Post

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect

pytestmark = pytest.mark.django_db(transaction=True)

SIZE_KB = 1024


def _cannot(reason: str):
    message = f"a full-disk test needs a small filesystem of its own: {reason}"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{message}. CI=true runs as root and must run it.", pytrace=False)
    pytest.skip(message + " (run as root to include it)")


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs of the test's own, unmounted at the end."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        _cannot("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={SIZE_KB}k,mode=0755", "tmpfs", str(mount)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        _cannot(f"mount -t tmpfs failed ({done.stderr.strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(path, leave: int) -> None:
    """Write a filler file until at most `leave` bytes remain free."""
    free = shutil.disk_usage(path.parent).free
    with open(path, "wb") as f:
        chunk = b"\0" * 4096
        while free - f.tell() > leave:
            try:
                f.write(chunk)
                f.flush()
            except OSError:
                break
    assert shutil.disk_usage(path.parent).free <= leave + 4096


def _noisy_jpeg(width=2000, height=1300) -> bytes:
    """Noise does not compress: each rendition is tens or hundreds of KB."""
    rng = random.Random(8)
    small = PILImage.frombytes("RGB", (200, 130), bytes(rng.getrandbits(8) for _ in range(200 * 130 * 3)))
    out = BytesIO()
    small.resize((width, height), PILImage.Resampling.NEAREST).save(out, format="JPEG", quality=92)
    return out.getvalue()


def _left_behind(root) -> list[str]:
    """Everything under MEDIA_ROOT but the filler: files and folders."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name != "filler")


def test_it_tells_the_reporter_the_picture_store_is_full_keeps_the_post_and_leaves_nothing(
    small_disk, settings, live_server, new_page, reporter, blog, editor
):
    from liveblogs import actions

    actions.assign_staff(blog=blog, by=editor, user=reporter)
    settings.MEDIA_ROOT = small_disk
    settings.MEDIA_URL = "/media/"
    jpeg = _noisy_jpeg()
    picture = media.decode(_Upload(jpeg))
    sizes = [len(media.encode(picture, w)[0]) for w in media.rendition_widths(picture.width)]
    assert len(sizes) == 3 and sum(sizes) < SIZE_KB * 1024 // 2
    # Room for the narrowest rendition, not for the next: the store fills
    # part-way through an upload, after one file was finished.
    _fill(small_disk / "filler", leave=sizes[0] + 16 * 1024)
    assert shutil.disk_usage(small_disk).free < sizes[0] + sizes[1]

    page = new_page()
    page.goto(f"{live_server.url}/desk/login/?next=/desk/blogs/storm/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("html[data-desk-ready]").wait_for(state="attached")
    page.get_by_label("Headline").fill("Sandbags at the town hall")
    page.get_by_role("textbox", name="Body").click()
    page.keyboard.type("Volunteers have filled two thousand bags since dawn.")

    page.locator("#media-alt").fill("Volunteers stacking sandbags")
    page.locator("[data-media-file]").set_input_files(
        files=[{"name": "sandbags.jpg", "mimeType": "image/jpeg", "buffer": jpeg}]
    )
    status = page.locator("[data-media-status]")
    expect(status).to_contain_text("The picture store is full")
    expect(status).to_contain_text("Your post is untouched")

    # The reporter's text is where they left it, the picture still chosen.
    expect(page.get_by_label("Headline")).to_have_value("Sandbags at the town hall")
    expect(page.get_by_role("textbox", name="Body")).to_have_text(
        "Volunteers have filled two thousand bags since dawn."
    )
    expect(page.locator("#media-alt")).to_have_value("Volunteers stacking sandbags")
    # Nothing of the upload on the disk: not the rendition that fitted, not
    # the temporary file of the one that did not, not its folder.
    assert set(_left_behind(small_disk)) <= {"liveblogs", "liveblogs/images", f"liveblogs/images/{blog.pk}"}
    assert not Image.objects.exists()
    assert page.locator('input[name="image"]').input_value() == ""

    # Space freed: the same picture, sent again, goes in.
    (small_disk / "filler").unlink()
    page.get_by_role("button", name="Upload picture").click()
    expect(status).to_have_text("Picture uploaded. Publish or save the post to use it.")
    image = Image.objects.get()
    assert len(image.renditions) == 3
    for rendition in image.renditions:
        assert (small_disk / rendition["name"]).stat().st_size > 0
    assert not any(p.endswith(".part") for p in _left_behind(small_disk))

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".message--success")).to_have_text("Published.")
    post = Post.objects.get()
    assert (post.headline, post.image_id) == ("Sandbags at the town hall", image.pk)
    assert "two thousand bags" in post.body


class _Upload(BytesIO):
    """Just enough of an UploadedFile for media.decode."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.size = len(data)
