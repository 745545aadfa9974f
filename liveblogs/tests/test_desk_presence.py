"""Presence: who else has a blog open at the desk, and what they are editing."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from liveblogs import presence
from liveblogs.models import DeskPresence

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/presence/"


def test_it_tells_each_person_who_else_is_here_and_what_they_edit(client, blog, editor, reporter, publish):
    post = publish(blog, headline="Flood barrier", by=reporter)
    client.force_login(reporter)
    assert client.post(URL, {"post": post.pk}).json()["people"] == []
    client.force_login(editor)
    people = client.post(URL).json()["people"]
    assert people == [
        {
            "id": reporter.pk,
            "name": "Rita Reporter",
            "role": "Reporter",
            "editing": {"id": post.pk, "title": "Flood barrier"},
        }
    ]
    client.force_login(reporter)
    assert [p["name"] for p in client.post(URL, {"post": post.pk}).json()["people"]] == ["Eddie Editor"]


def test_it_forgets_people_who_left_or_went_quiet(client, blog, editor, reporter):
    presence.touch(
        blog=blog, user=reporter, now=timezone.now() - timedelta(seconds=presence.PRESENCE_WINDOW_SECONDS + 5)
    )
    client.force_login(editor)
    assert client.post(URL).json()["people"] == []
    client.force_login(reporter)
    client.post(URL)
    client.post(URL, {"leave": "1"})
    client.force_login(editor)
    assert client.post(URL).json()["people"] == []


def test_it_does_not_say_someone_edits_a_post_they_may_not_edit(client, blog, reporter, other_reporter, publish):
    theirs = publish(blog, by=other_reporter)
    client.force_login(reporter)
    client.post(URL, {"post": theirs.pk})
    assert DeskPresence.objects.get(user=reporter).post is None


def test_it_is_for_the_blogs_team_only(client, other_blog, reporter, reader):
    for person in (reporter, reader):
        client.force_login(person)
        assert client.post("/desk/blogs/election/presence/").status_code == 403
    assert not DeskPresence.objects.exists()


def test_it_announces_on_the_desk_stream_who_went_quiet(blog, editor, reporter, django_capture_on_commit_callbacks):
    """A tab that vanished without its goodbye is dropped by the next
    heartbeat of anyone still there, and the other desks hear "left"."""
    with django_capture_on_commit_callbacks(execute=True):
        presence.touch(
            blog=blog, user=reporter, now=timezone.now() - timedelta(seconds=presence.PRESENCE_WINDOW_SECONDS + 5)
        )
    start = presence.head(blog.slug).seq
    with django_capture_on_commit_callbacks(execute=True):
        presence.touch(blog=blog, user=editor)
    changes = [json.loads(e.payload) for e in presence.read(blog.slug, start, 10)]
    assert [(c["kind"], c["person"]["name"]) for c in changes] == [
        ("presence.joined", "Eddie Editor"), ("presence.left", "Rita Reporter"),
    ]
    assert [p["name"] for p in changes[-1]["people"]] == ["Eddie Editor"]
    assert not DeskPresence.objects.filter(user=reporter).exists()
