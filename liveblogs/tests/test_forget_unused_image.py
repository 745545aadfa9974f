"""The job that deletes pictures uploaded but never used, run by the real
worker (db_worker)."""

from io import StringIO

import pytest
from django.core.management import call_command

from liveblogs import actions
from liveblogs.models import Image
from liveblogs.tests.images import picture_bytes, upload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # No grace: the job is due as soon as the picture is uploaded.
    monkeypatch.setattr(actions, "UNUSED_IMAGE_GRACE_SECONDS", 0)
    return settings.MEDIA_ROOT


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def _upload(blog, by):
    return actions.upload_image(blog=blog, by=by, upload=upload(picture_bytes((600, 400))), alt_text="A flooded lane")


def test_it_deletes_a_picture_nobody_used_with_its_files(blog, reporter, media_root):
    _upload(blog, reporter)
    assert len(_files(media_root)) == 2
    _work()
    assert not Image.objects.exists()
    assert _files(media_root) == []


def test_it_keeps_a_picture_on_a_post(blog, reporter, media_root):
    image = _upload(blog, reporter)
    actions.publish_post(
        blog=blog, by=reporter, content=actions.PostContent(headline="Lane flooded", image_id=image.pk)
    )
    _work()
    assert Image.objects.filter(pk=image.pk).exists()
    assert len(_files(media_root)) == 2


def test_it_keeps_a_blogs_own_picture(blog, editor, media_root):
    image = _upload(blog, editor)
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst="", topics=[], image_id=image.pk)
    _work()
    assert Image.objects.filter(pk=image.pk).exists()
    assert len(_files(media_root)) == 2
