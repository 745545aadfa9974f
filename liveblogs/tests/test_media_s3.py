"""Pictures in an S3-compatible bucket (MEDIA_STORAGE=s3): the desk's real
upload path writing to a real S3 HTTP server (moto's, started here as a
subprocess on a free port), the reader page linking the bucket, and unused
pictures leaving the bucket when forgotten."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.core.cache import cache

from liveblogs.models import Image
from liveblogs.tests.images import picture_bytes, upload
from newsline.lib.media_storage import IMMUTABLE, default_storage_from_env
from tests.server import free_port

pytestmark = pytest.mark.django_db

UPLOAD = "/desk/blogs/storm/media/"


@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        import boto3  # noqa: F401
        import flask  # noqa: F401  (moto's server runs on Flask)
        import moto.server  # noqa: F401
    except ImportError as exc:
        message = f"moto's S3 server is not installed ({exc}): make install-test"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{message}. CI=true: the S3 storage tests must run.", pytrace=False)
        pytest.skip(message)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("moto's S3 server did not start", pytrace=False)
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket, and the default storage pointed at it the way an
    operator would: environment variables read by settings' own helper."""
    import boto3

    name = f"newsline-{uuid.uuid4().hex[:12]}"
    for var, value in {
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "MEDIA_STORAGE": "s3",
        "S3_BUCKET": name,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(var, value)
    monkeypatch.delenv("S3_CUSTOM_DOMAIN", raising=False)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1")
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    use_storage_from_env(settings)
    cache.clear()  # reader pages cached by an earlier test link other files
    yield client, name
    cache.clear()


def use_storage_from_env(settings):
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env()}


def keys(client, name) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def send(client, **fields):
    data = {"file": upload(picture_bytes((1200, 800))), "alt_text": "Sandbags outside the town hall"} | fields
    return client.post(UPLOAD, data)


def publish_and_read(client, image_id) -> str:
    r = client.post(
        "/desk/blogs/storm/", {"kind": "update", "headline": "River peaks", "body": "", "label": "", "image": image_id}
    )
    assert r.status_code == 302
    client.logout()
    html = client.get("/live/storm/").content.decode()
    return re.search(r"<figure class=\"post__figure\">.*?</figure>", html, re.S).group(0)


def test_an_uploaded_picture_is_stored_in_the_bucket_and_readers_load_it_from_there(client, reporter, blog, bucket):
    s3, name = bucket
    client.force_login(reporter)
    r = send(client)
    assert r.status_code == 201
    image = Image.objects.get(pk=r.json()["id"])
    names = [rendition["name"] for rendition in image.renditions]
    assert [n.rsplit("/", 1)[1] for n in names] == ["480.webp", "960.webp", "1200.webp"]
    assert keys(s3, name) == sorted(names)
    for key in names:
        head = s3.head_object(Bucket=name, Key=key)
        assert head["ContentType"] == "image/webp"
        assert head["CacheControl"] == "public, max-age=31536000, immutable"
        grants = s3.get_object_acl(Bucket=name, Key=key)["Grants"]
        assert any(
            g["Grantee"].get("URI", "").endswith("/global/AllUsers") and g["Permission"] == "READ" for g in grants
        )

    figure = publish_and_read(client, image.pk)
    srcset = re.search(r'srcset="([^"]+)"', figure).group(1)
    urls = [part.split()[0] for part in srcset.split(", ")]
    endpoint = os.environ["S3_ENDPOINT_URL"]
    assert urls == [f"{endpoint}/{name}/{key}" for key in names]  # plain, permanent: no signature
    # Anyone can fetch it, with no credentials, and gets the picture.
    with urllib.request.urlopen(urls[0], timeout=10) as answer:
        assert answer.headers["Content-Type"] == "image/webp"
        assert answer.headers["Cache-Control"] == IMMUTABLE
        assert answer.read()[:4] == b"RIFF"


def test_a_custom_domain_is_what_readers_see(client, reporter, blog, bucket, settings, monkeypatch):
    monkeypatch.setenv("S3_CUSTOM_DOMAIN", "media.example.org")
    use_storage_from_env(settings)
    client.force_login(reporter)
    image_id = send(client).json()["id"]
    figure = publish_and_read(client, image_id)
    srcset = re.search(r'srcset="([^"]+)"', figure).group(1)
    assert re.fullmatch(
        r"https://media\.example\.org/liveblogs/images/\d+/\w+/480\.webp 480w, "
        r"https://media\.example\.org/\S+/960\.webp 960w, https://media\.example\.org/\S+/1200\.webp 1200w",
        srcset,
    )


def test_forgetting_an_unused_picture_empties_the_bucket_of_it(client, reporter, blog, bucket):
    from liveblogs.tasks import forget_unused_image

    s3, name = bucket
    client.force_login(reporter)
    kept = send(client).json()["id"]
    client.post(
        "/desk/blogs/storm/", {"kind": "update", "headline": "River peaks", "body": "", "label": "", "image": kept}
    )
    unused = send(client).json()["id"]
    assert len(keys(s3, name)) == 6
    assert forget_unused_image.call(unused) is True
    assert forget_unused_image.call(kept) is False
    assert keys(s3, name) == sorted(r["name"] for r in Image.objects.get(pk=kept).renditions)


def test_a_bucket_that_refuses_the_upload_is_a_clear_message_and_nothing_is_kept(
    client, reporter, blog, bucket, settings, monkeypatch
):
    s3, name = bucket
    monkeypatch.setenv("S3_BUCKET", f"{name}-missing")  # the operator mistyped it
    use_storage_from_env(settings)
    client.force_login(reporter)
    r = send(client)
    assert r.status_code == 400
    assert r.json()["error"].startswith("The picture could not be saved")
    assert "Nothing was kept" in r.json()["error"]
    assert not Image.objects.exists()
    assert keys(s3, name) == []


def test_a_mistyped_storage_setting_stops_the_start_with_its_name(monkeypatch):
    from newsline.lib.env import ConfigError

    monkeypatch.setenv("MEDIA_STORAGE", "s4")
    with pytest.raises(ConfigError, match="MEDIA_STORAGE='s4'"):
        default_storage_from_env()
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.delenv("S3_BUCKET", raising=False)
    with pytest.raises(ConfigError, match="S3_BUCKET"):
        default_storage_from_env()
    monkeypatch.delenv("MEDIA_STORAGE")
    assert default_storage_from_env() == {"BACKEND": "liveblogs.storage.AtomicFileSystemStorage"}
