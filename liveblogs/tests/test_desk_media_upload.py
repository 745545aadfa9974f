"""Uploading a picture from the composer (POST /desk/blogs/<slug>/media/),
then publishing a post with it and reading it on the reader page."""

import json
import re

import pytest
from django.conf import settings
from django.core.cache import cache

from liveblogs.models import Image, Post
from liveblogs.tests.images import picture_bytes, upload
from liveblogs.views.desk import media

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/media/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


def _send(client, **fields):
    data = {"file": upload(picture_bytes((1200, 800))), "alt_text": "Sandbags outside the town hall"} | fields
    return client.post(URL, data)


def test_it_stores_the_picture_and_answers_with_its_id(client, reporter, blog):
    client.force_login(reporter)
    r = _send(client, caption="Volunteers filled 2,000 bags", credit="Rita Reporter")
    assert r.status_code == 201
    image = Image.objects.get()
    assert r.json()["id"] == image.pk
    assert r.json()["alt"] == "Sandbags outside the town hall"
    assert r.json()["caption"] == "Volunteers filled 2,000 bags — Rita Reporter"
    assert image.blog == blog and image.uploaded_by == reporter


def test_it_lets_a_contributor_upload_to_their_own_blog(client, contributor, blog, assign):
    assign(blog, contributor)
    client.force_login(contributor)
    assert _send(client).status_code == 201


def test_it_refuses_a_contributor_on_another_blog(client, contributor, blog):
    client.force_login(contributor)
    r = _send(client)
    assert r.status_code == 403
    assert "blogs you work on" in r.json()["error"]
    assert not Image.objects.exists()


def test_it_refuses_readers(client, reader, blog):
    client.force_login(reader)
    assert _send(client).status_code == 403
    assert not Image.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, blog):
    r = _send(client)
    assert r.status_code == 302 and "/login/" in r.url
    assert not Image.objects.exists()


def test_it_answers_a_refused_picture_with_the_reason(client, reporter, blog):
    client.force_login(reporter)
    r = _send(client, alt_text="")
    assert r.status_code == 400
    assert "alt text is required" in r.json()["error"]
    r = _send(client, file=upload(b"GIF89a not really", name="x.gif", content_type="image/gif"))
    assert r.status_code == 400
    assert "not a picture we can use" in r.json()["error"]
    assert client.post(URL, {"alt_text": "x"}).json()["error"] == "Choose a picture to upload."


def test_it_limits_uploads_per_minute(client, reporter, blog, monkeypatch):
    monkeypatch.setattr(media, "MEDIA_UPLOADS_PER_MINUTE", 2)
    client.force_login(reporter)
    assert _send(client).status_code == 201
    assert _send(client).status_code == 201
    r = _send(client)
    assert r.status_code == 429
    assert "Too many uploads" in r.json()["error"]
    assert Image.objects.count() == 2


def test_it_publishes_a_post_with_the_picture_as_a_responsive_figure(client, reporter, blog):
    client.force_login(reporter)
    image_id = _send(client, caption="The river at 9am", credit="Rita Reporter").json()["id"]
    r = client.post(
        "/desk/blogs/storm/", {"kind": "update", "headline": "River peaks", "body": "", "label": "", "image": image_id}
    )
    assert r.status_code == 302
    assert Post.objects.get().image_id == image_id
    client.logout()
    html = client.get("/live/storm/").content.decode()
    figure = re.search(r"<figure class=\"post__figure\">.*?</figure>", html, re.S).group(0)
    assert 'alt="Sandbags outside the town hall"' in figure
    assert 'loading="lazy"' in figure
    assert re.search(
        r'srcset="/media/liveblogs/images/\d+/\w+/480\.webp 480w, '
        r'/media/\S+/960\.webp 960w, /media/\S+/1200\.webp 1200w"',
        figure,
    )
    assert "<figcaption>The river at 9am — Rita Reporter</figcaption>" in figure
    # Search engines get the picture in the page's LiveBlogPosting.
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    [update] = data["liveBlogUpdate"]
    assert update["image"]["url"].startswith(settings.SITE_URL + "/media/liveblogs/images/")
    assert update["image"]["caption"] == "The river at 9am — Rita Reporter"
    # The renditions are served, and may be cached for good.
    src = re.search(r' src="([^"]+)"', figure).group(1)
    served = client.get(src)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert "immutable" in served["Cache-Control"]
    assert "Set-Cookie" not in served


def test_it_publishes_a_picture_with_no_text(client, reporter, blog):
    client.force_login(reporter)
    image_id = _send(client).json()["id"]
    r = client.post(
        "/desk/blogs/storm/", {"kind": "update", "headline": "", "body": "", "label": "", "image": image_id}
    )
    assert r.status_code == 302
    assert Post.objects.get().image_id == image_id


def test_it_refuses_a_picture_from_another_blog(client, editor, blog, other_blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/election/media/", {"file": upload(picture_bytes()), "alt_text": "Count"})
    r = client.post(
        "/desk/blogs/storm/", {"kind": "update", "headline": "Hm", "body": "", "label": "", "image": r.json()["id"]}
    )
    assert r.status_code == 400
    assert "not one uploaded to this blog" in r.content.decode()
    assert not Post.objects.exists()
