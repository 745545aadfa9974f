"""Pictures for the media tests, made on the spot with Pillow."""

import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def picture_bytes(size=(1200, 800), fmt="JPEG", *, gps=False, color=(200, 60, 40)) -> bytes:
    image = Image.new("RGB", size, color)
    out = BytesIO()
    params = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0110] = "Phone 9"  # Model
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 49.0, 30.0), 3: "E", 4: (30.0, 31.0, 12.0)})
        params["exif"] = exif
    image.save(out, format=fmt, **params)
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb
    as far as any decoder that trusts the header is concerned."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
