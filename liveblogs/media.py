"""Pictures for posts: checked, cleaned and resized before anything is kept.

An upload is decoded with Pillow, so its type is what the bytes are, never
what the file name or the browser says. It must be a JPEG, PNG, WebP or GIF
within MEDIA_MAX_UPLOAD_BYTES and MEDIA_MAX_PIXELS (decompression bombs are
refused before they are decoded). The picture is turned upright from its
EXIF orientation, then re-encoded as WebP at up to three widths with no
metadata at all: EXIF, GPS, XMP and ICC data never leave this module. The
original is not stored.

Everything goes through Django's default storage (a folder or an S3-compatible
bucket, newsline/lib/media_storage.py): names only, never local paths, except
to tidy an empty folder where the storage has one."""

import errno
import logging
import os
import uuid
import warnings
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

RENDITION_WIDTHS = (480, 960, 1600)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
WEBP_QUALITY = 80

logger = logging.getLogger(__name__)

NOT_AN_IMAGE = _("This file is not a picture we can use. Upload a JPEG, PNG, WebP or GIF image.")
TOO_BIG = _("This file is too big (%(size)s MB); the limit is %(limit)s MB.")
BOMB = _(
    "This picture is too large to process (over %(limit)s pixels). "
    "Resize it to a few thousand pixels wide and upload it again."
)
DISK_FULL = _(
    "The picture store is full, so this picture was not saved and nothing of it was kept. "
    "Your post is untouched: tell the technical desk, then upload the picture again."
)
NOT_STORED = _("The picture could not be saved (%(reason)s). Nothing was kept; try again.")


class MediaError(Exception):
    """An upload we refuse; the message is for the person uploading."""


def max_bytes() -> int:
    return getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", 15 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "MEDIA_MAX_PIXELS", 40_000_000)


def decode(upload) -> PILImage.Image:
    """The upload as a loaded, upright Pillow image, or MediaError."""
    size = upload.size
    if not size:
        raise MediaError(_("This file is empty. Choose a picture to upload."))
    if size > max_bytes():
        raise MediaError(TOO_BIG % {
            "size": number_format(size / 1024 / 1024, 1), "limit": number_format(max_bytes() / 1024 / 1024, 0),
        })
    limit = max_pixels()
    # Pillow warns past MAX_IMAGE_PIXELS and refuses past twice that, when
    # it reads the header; the warning is an error here, and the check
    # below refuses anything over the limit before a pixel is decoded.
    PILImage.MAX_IMAGE_PIXELS = limit
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        try:
            image = PILImage.open(upload, formats=ACCEPTED_FORMATS)
            if image.width * image.height > limit:
                raise MediaError(BOMB % {"limit": number_format(limit, force_grouping=True)})
            image.seek(0)  # the first frame of an animation
            image.load()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise MediaError(BOMB % {"limit": number_format(limit, force_grouping=True)}) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise MediaError(NOT_AN_IMAGE) from None
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a broken orientation tag is not worth refusing the picture for
        pass
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    return image.convert("RGBA" if has_alpha else "RGB")


def rendition_widths(width: int) -> list[int]:
    widths = [w for w in RENDITION_WIDTHS if w < width]
    widths.append(min(width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def encode(image: PILImage.Image, width: int) -> tuple[bytes, int]:
    height = max(1, round(image.height * width / image.width))
    resized = image if width == image.width else image.resize((width, height), PILImage.Resampling.LANCZOS)
    resized.info = {}  # nothing of the original's metadata travels on
    out = BytesIO()
    resized.save(out, format="WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue(), height


def store_renditions(image: PILImage.Image, *, folder: str) -> list[dict]:
    """Write every rendition to the default storage; on any failure remove
    what was written and raise MediaError."""
    written = []
    try:
        for width in rendition_widths(image.width):
            data, height = encode(image, width)
            name = default_storage.save(f"{folder}/{width}.webp", ContentFile(data))
            written.append({"width": width, "height": height, "name": name})
    except Exception as exc:
        _not_stored(exc, written, folder)
    return written


def _not_stored(exc: Exception, written: list[dict], folder: str):
    """A write failed, on a disk or in a bucket (botocore's errors are not
    OSErrors): remove what was written, then say so in MediaError."""
    delete_files(written)
    _remove_empty_folder(folder)
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        raise MediaError(DISK_FULL) from exc
    reason = (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__
    logger.warning("picture not stored in %s: %r", folder, exc)
    raise MediaError(NOT_STORED % {"reason": reason}) from exc


# Staff photos: small squares for bylines (32-80 CSS px, on 2x screens).
SQUARE_SIZES = (64, 160, 320)


def square(image: PILImage.Image) -> PILImage.Image:
    """The picture cropped to its centred square (a portrait keeps a bit
    more of its top, where a face usually is)."""
    side = min(image.width, image.height)
    return ImageOps.fit(image, (side, side), method=PILImage.Resampling.LANCZOS, centering=(0.5, 0.35))


def store_squares(image: PILImage.Image, *, folder: str) -> list[dict]:
    """Square WebP renditions of an already-square picture, smallest first,
    none larger than the picture; like store_renditions, all or nothing."""
    sizes = sorted({min(size, image.width) for size in SQUARE_SIZES})
    written = []
    try:
        for size in sizes:
            data, _ = encode(image, size)
            name = default_storage.save(f"{folder}/{size}.webp", ContentFile(data))
            written.append({"width": size, "height": size, "name": name})
    except Exception as exc:
        _not_stored(exc, written, folder)
    return written


def delete_squares(renditions: list[dict]) -> None:
    """A staff photo's files, and its folder once empty."""
    delete_files(renditions)
    if renditions:
        _remove_empty_folder(os.path.dirname(renditions[0]["name"]))


def staff_folder(user_id: int) -> str:
    return f"staff/{user_id}/{uuid.uuid4().hex}"


def delete_files(renditions: list[dict]) -> None:
    for r in renditions:
        try:
            default_storage.delete(r["name"])
        except Exception as exc:  # a bucket out of reach: the rest still go
            logger.warning("could not delete picture file %s: %r", r["name"], exc)


def _remove_empty_folder(folder: str) -> None:
    """The upload's own folder, if the failure left it empty: a full disk
    must not leave a trail of empty directories either. Only for storages
    on the local filesystem; a bucket has no folders."""
    try:
        path = default_storage.path(folder)
    except NotImplementedError:
        return
    try:
        os.rmdir(path)
    except OSError:  # not empty (someone else's file), or never made
        pass


def new_folder(blog_id: int) -> str:
    return f"liveblogs/images/{blog_id}/{uuid.uuid4().hex}"
