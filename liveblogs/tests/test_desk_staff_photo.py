"""Staff byline photos: uploaded on the staff page by the person or an
admin (POST /desk/staff/<id>/photo/), checked and cropped square with no
metadata kept, and shown small beside the byline on reader and desk cards."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts.models import StaffAuditEntry
from liveblogs.tests.images import picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pictures_in_a_folder_of_their_own(media_root):
    return media_root


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def send_photo(client, person, data=None, **extra):
    fields = {"photo": upload(data or picture_bytes((900, 600), gps=True))} | extra
    return client.post(f"/desk/staff/{person.pk}/photo/", fields, follow=True)


def test_it_lets_a_reporter_set_their_own_photo_cropped_square_without_metadata(client, reporter, media_root):
    client.force_login(reporter)
    page = client.get(f"/desk/staff/{reporter.pk}/")
    assert page.status_code == 200
    assert "Upload a photo" in page.content.decode()
    assert 'name="role"' not in page.content.decode()  # the account form stays the admins'
    answer = send_photo(client, reporter)
    assert "Saved Rita Reporter’s photo." in answer.content.decode()
    reporter.refresh_from_db()
    assert [(r["width"], r["height"]) for r in reporter.photo] == [(64, 64), (160, 160), (320, 320)]
    for r in reporter.photo:
        kept = Image.open(media_root / r["name"])
        assert kept.format == "WEBP"
        assert kept.size == (r["width"], r["width"])
        assert not kept.getexif()  # no camera, no GPS
    assert len(_files(media_root)) == 3
    entry = StaffAuditEntry.objects.get(subject=reporter)
    assert (entry.actor, entry.changes) == (reporter, {"photo": [None, "a new photo"]})


def test_it_replaces_and_removes_a_photo_but_keeps_the_files_published_cards_link(
    client, reporter, media_root, django_capture_on_commit_callbacks
):
    client.force_login(reporter)
    send_photo(client, reporter)
    reporter.refresh_from_db()
    first_files, first_url = set(_files(media_root)), reporter.photo[0]["name"]
    with django_capture_on_commit_callbacks(execute=True):
        send_photo(client, reporter, picture_bytes((400, 400), fmt="PNG"))
    reporter.refresh_from_db()
    assert [r["width"] for r in reporter.photo] == [64, 160, 320]
    assert reporter.photo[0]["name"] != first_url
    # Cards rendered before the change (in the log, caches, feeds) still find their picture.
    assert first_files < set(_files(media_root))
    assert client.get(f"/media/{first_url}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/desk/staff/{reporter.pk}/photo/", {"remove": "1"}, follow=True)
    assert "Removed Rita Reporter’s photo." in answer.content.decode()
    reporter.refresh_from_db()
    assert reporter.photo == []
    assert first_files < set(_files(media_root))


def test_it_refuses_a_file_that_is_not_a_picture_and_keeps_the_old_photo(client, reporter, media_root):
    client.force_login(reporter)
    send_photo(client, reporter)
    before = _files(media_root)
    answer = send_photo(client, reporter, b"%PDF-1.4 not a picture")
    assert "This file is not a picture we can use." in answer.content.decode()
    reporter.refresh_from_db()
    assert len(reporter.photo) == 3
    assert _files(media_root) == before


def test_it_lets_an_admin_set_anyones_photo_but_no_one_else(client, admin_user, editor, reporter, other_reporter):
    client.force_login(other_reporter)
    assert send_photo(client, reporter).status_code == 403
    client.force_login(editor)
    assert send_photo(client, reporter).status_code == 403
    assert client.get(f"/desk/staff/{reporter.pk}/").status_code == 403
    reporter.refresh_from_db()
    assert reporter.photo == []
    client.force_login(admin_user)
    page = client.get(f"/desk/staff/{reporter.pk}/").content.decode()
    assert 'name="role"' in page and "Upload a photo" in page
    send_photo(client, reporter)
    reporter.refresh_from_db()
    assert len(reporter.photo) == 3


def test_it_shows_the_photo_small_and_lazy_in_the_bylines(client, blog, publish, reporter, editor, media_root):
    client.force_login(reporter)
    send_photo(client, reporter)
    post = publish(blog, headline="Harbour wall repaired", by=reporter)
    client.logout()
    html = client.get("/live/storm/").content.decode()
    card = html[html.index(f'id="post-{post.pk}"'):]
    photo = re.search(r'<img class="post__byline-photo"[^>]*>', card).group(0)
    assert 'alt="Rita Reporter"' in photo and 'loading="lazy"' in photo and 'width="32"' in photo
    assert re.search(r'src="/media/staff/\d+/[0-9a-f]+/64\.webp"', photo)
    client.force_login(editor)
    desk = client.get("/desk/blogs/storm/").content.decode()
    assert re.search(r'<img class="byline-photo" src="/media/staff/[^"]+/64\.webp"[^>]*alt="Rita Reporter"', desk)


def test_it_costs_the_reader_page_no_query_per_author_photo(client, blog, publish, reporter, other_reporter, editor):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/live/storm/").status_code == 200
        return len(ctx.captured_queries)

    publish(blog, headline="First", by=reporter)
    without = count()
    for person in (reporter, other_reporter, editor):
        client.force_login(person)
        send_photo(client, person)
        publish(blog, headline=f"By {person.byline}", by=person)
    client.logout()
    html = client.get("/live/storm/").content.decode()
    assert html.count('class="post__byline-photo"') == 4
    assert count() == without
