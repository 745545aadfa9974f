"""One guard against publishing twice (liveblogs/idempotency.py), for the
desk's compose form and the API's Idempotency-Key: a replayed request gives
back the post the first one made and never publishes a second."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client

from distribution.actions import create_api_token
from liveblogs import idempotency
from liveblogs.models import AuditEntry, Post

pytestmark = pytest.mark.django_db

DESK = "/desk/blogs/storm/"
API = "/api/v1/blogs/storm/posts"


def desk_send(client, key):
    return client.post(DESK, {"kind": "update", "headline": "Bridge reopens", "body": "<p>Traffic moves.</p>",
                              "label": "", "intent": "publish", "form_key": key})


def api_send(client, secret, key, headline="Bridge reopens"):
    return client.post(API, {"headline": headline}, content_type="application/json",
                       headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key})


def token(user):
    return create_api_token(user=user, name="Wire importer", scopes=["post"])[1]


def test_it_publishes_once_when_the_desk_replays_a_compose_form(client, reporter, blog):
    client.force_login(reporter)
    key = re.search(r'name="form_key" value="([^"]+)"', client.get(DESK).content.decode()).group(1)
    first, again = desk_send(client, key), desk_send(client, key)
    post = Post.objects.get()
    assert first.url == again.url == f"{DESK}#post-{post.pk}"
    assert idempotency.published_with_key(by=reporter, key=key, blog=blog) == post


def test_it_publishes_once_when_the_api_replays_a_request(client, reporter, blog):
    secret = token(reporter)
    first, again = api_send(client, secret, "wire-4411"), api_send(client, secret, "wire-4411")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] == Post.objects.get().pk
    # Kept where the desk keeps its key, and not shown in the audit log.
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PUBLISH_POST)
    assert entry.changes["form_key"] == "wire-4411"
    assert "form_key" not in [label for label, _before, _after in entry.change_rows]


def test_it_keeps_each_persons_keys_to_themselves(client, reporter, other_reporter, blog):
    api_send(client, token(reporter), "k1")
    assert api_send(client, token(other_reporter), "k1").status_code == 201
    assert Post.objects.count() == 2


def test_it_forgets_a_key_after_a_day(client, reporter, blog):
    secret = token(reporter)
    api_send(client, secret, "k1")
    AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISH_POST).update(
        created_at=F("created_at") - timedelta(hours=25)
    )
    assert api_send(client, secret, "k1").status_code == 201
    assert Post.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_it_publishes_once_when_an_api_retry_arrives_during_the_first(blog, reporter):
    """Two sends of one key at once, each in its own thread and database
    connection: the second finds the first one's post, by the quick look-up
    or by waiting for the blog's lock inside the action."""
    secret = token(reporter)
    answers, start = [], threading.Barrier(2)

    def send():
        start.wait()
        try:
            answers.append(api_send(Client(), secret, "wire-77").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 201]
    assert Post.objects.count() == 1
