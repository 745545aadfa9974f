"""One guard against publishing twice (liveblogs/idempotency.py), for the
desk's compose form and the API's Idempotency-Key: a replayed request gives
back the post the first one made and never publishes a second, on the same
blog or on another one (the database refuses one person's key twice)."""

import re
import threading
import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from distribution import api
from distribution.actions import create_api_token
from liveblogs import actions, idempotency
from liveblogs.models import AuditEntry, Post, PublishKey

pytestmark = pytest.mark.django_db

DESK = "/desk/blogs/storm/"
API = "/api/v1/blogs/storm/posts"


def compose_key(client):
    return re.search(r'name="form_key" value="([^"]+)"', client.get(DESK).content.decode()).group(1)


def desk_send(client, key, url=DESK):
    return client.post(url, {"kind": "update", "headline": "Bridge reopens", "body": "<p>Traffic moves.</p>",
                             "label": "", "intent": "publish", "form_key": key})


def api_send(client, secret, key, headline="Bridge reopens", slug="storm"):
    return client.post(f"/api/v1/blogs/{slug}/posts", {"headline": headline}, content_type="application/json",
                       headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": key})


def token(user):
    return create_api_token(user=user, name="Wire importer", scopes=["post"])[1]


def test_it_publishes_once_when_the_desk_replays_a_compose_form(client, reporter, blog):
    client.force_login(reporter)
    key = compose_key(client)
    first, again = desk_send(client, key), desk_send(client, key)
    post = Post.objects.get()
    assert first.url == again.url == f"{DESK}#post-{post.pk}"
    assert idempotency.published_with_key(by=reporter, key=key) == post


def test_it_publishes_once_when_the_api_replays_a_request(client, reporter, blog):
    secret = token(reporter)
    first, again = api_send(client, secret, "wire-4411"), api_send(client, secret, "wire-4411")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] == Post.objects.get().pk
    # Kept where the desk keeps its key, not in the audit log.
    assert PublishKey.objects.get(key="wire-4411").post_id == first.json()["id"]
    assert "form_key" not in AuditEntry.objects.get(action=AuditEntry.Action.PUBLISH_POST).changes


def test_it_keeps_each_persons_keys_to_themselves(client, reporter, other_reporter, blog):
    api_send(client, token(reporter), "k1")
    assert api_send(client, token(other_reporter), "k1").status_code == 201
    assert Post.objects.count() == 2


def test_it_forgets_a_key_after_a_day(client, reporter, blog):
    secret = token(reporter)
    api_send(client, secret, "k1")
    PublishKey.objects.update(created_at=F("created_at") - timedelta(hours=25))
    assert api_send(client, secret, "k1").status_code == 201
    assert Post.objects.count() == 2
    assert PublishKey.objects.get().post == Post.objects.latest("pk")  # the old one went


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


@pytest.fixture
def floods(editor):
    return actions.open_blog(blog=actions.create_blog(by=editor, headline="Floods", slug="floods"), by=editor)


def test_the_database_refuses_one_persons_key_twice(blog, publish, editor):
    post = publish(blog)
    PublishKey.objects.create(person=editor, key="k1", post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishKey.objects.create(person=editor, key="k1", post=post)


def test_a_key_sent_to_another_blog_after_the_first_is_refused(client, editor, blog, floods):
    secret = token(editor)
    assert api_send(client, secret, "wire-9").status_code == 201
    refused = api_send(client, secret, "wire-9", slug="floods")
    assert refused.status_code == 409 and "Idempotency-Key" in refused.json()["detail"]
    assert list(Post.objects.values_list("blog__slug", flat=True)) == ["storm"]


def test_the_action_rolls_back_a_post_whose_key_the_database_refuses(editor, blog, floods, monkeypatch):
    """A send to another blog whose look-up ran before the first send
    committed (each blog has its own lock): the key's unique row refuses
    it, its post is rolled back, and it is told the first one's post."""
    first = actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline="A"), form_key="k1")
    monkeypatch.setattr(actions, "_refuse_repeat", lambda by, form_key: None)
    with pytest.raises(actions.AlreadyPublished) as refused:
        actions.publish_post(blog=floods, by=editor, content=actions.PostContent(headline="B"), form_key="k1")
    assert refused.value.post == first and refused.value.post.blog == blog
    assert list(Post.objects.all()) == [first]
    assert not floods.events.filter(kind="post.published").exists()


def test_the_api_answers_409_when_the_database_refuses_the_key(client, editor, blog, floods, monkeypatch):
    secret = token(editor)
    assert api_send(client, secret, "wire-9").status_code == 201
    # Both look-ups ran before the first request committed.
    monkeypatch.setattr(actions, "_refuse_repeat", lambda by, form_key: None)
    monkeypatch.setattr(api, "idempotency", SimpleNamespace(
        is_valid_key=idempotency.is_valid_key, published_with_key=lambda **kwargs: None,
    ))
    refused = api_send(client, secret, "wire-9", slug="floods")
    assert refused.status_code == 409 and "Idempotency-Key" in refused.json()["detail"]
    assert Post.objects.count() == 1


def test_the_desk_shows_the_first_post_when_its_form_is_sent_to_another_blog(client, editor, blog, floods):
    client.force_login(editor)
    key = compose_key(client)
    desk_send(client, key)
    again = desk_send(client, key, url="/desk/blogs/floods/")
    post = Post.objects.get()
    assert again.url == f"{DESK}#post-{post.pk}"


def _lock_waits() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a lock wait seen in pg_stat_activity: runs when the suite does (DATABASE_URL=postgres://…), as in CI",
)
def test_one_key_sent_to_two_blogs_at_once_publishes_once(editor, blog, floods, monkeypatch):
    """Two requests, two blogs, two locks, one key: the first is held after
    writing its post and key, uncommitted; the second is let go only once
    PostgreSQL shows it waiting for a lock (its look-ups found nothing, as
    the first has not committed; it waits on the key's unique row); then
    the first commits and the second is refused: 409, one post."""
    secret, answers = token(editor), {}
    written, release = threading.Event(), threading.Event()
    set_bylines = actions.set_bylines

    def held(post, people):
        if threading.current_thread().name == "first":
            written.set()
            release.wait(60)
        return set_bylines(post, people)

    monkeypatch.setattr(actions, "set_bylines", held)

    def send(slug):
        try:
            answers[threading.current_thread().name] = api_send(Client(), secret, "wire-9", slug=slug)
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("storm",), name="first")
    second = threading.Thread(target=send, args=("floods",), name="second")
    try:
        first.start()
        assert written.wait(60)
        second.start()
        deadline = time.monotonic() + 60
        while _lock_waits() == 0:
            assert second.is_alive(), "the second request finished without waiting for the first one's key"
            assert time.monotonic() < deadline, "the second request never waited for the first one's key"
            time.sleep(0.02)
    finally:
        release.set()
        first.join()
        second.join()
    assert (answers["first"].status_code, answers["second"].status_code) == (201, 409)
    assert list(Post.objects.values_list("blog__slug", flat=True)) == ["storm"]


def test_the_worker_forgets_the_keys_of_people_who_do_not_publish_again(client, reporter, other_reporter, blog):
    from operations.management.commands.run_worker import run_schedulers

    api_send(client, token(reporter), "old")
    api_send(client, token(other_reporter), "fresh")
    PublishKey.objects.filter(person=reporter).update(created_at=F("created_at") - timedelta(hours=25))
    idempotency._pruned_at = None
    run_schedulers()  # the job worker's periodic step, as it runs every WORKER_SCHEDULE_SECONDS
    assert list(PublishKey.objects.values_list("key", flat=True)) == ["fresh"]
    assert Post.objects.count() == 2  # the posts stay; only the keys go


def _kept_the_old_way(post, by, key):
    """What the release before this one wrote: the key in the publish's audit entry only."""
    AuditEntry.objects.create(
        blog=post.blog, post=post, actor=by, action=AuditEntry.Action.PUBLISH_POST, changes={"form_key": key}
    )


def test_a_retry_across_the_upgrade_gets_the_post_an_old_process_published(
    client, reporter, blog, publish, monkeypatch
):
    # Between `migrate` (a minute ago) and their restart, the old release's
    # processes still publish, keeping the key only in the audit entry.
    monkeypatch.setattr(idempotency, "_keys_moved_at", timezone.now() - timedelta(minutes=1))
    post = publish(blog, by=reporter)
    _kept_the_old_way(post, reporter, "sent-before-the-restart")
    answer = api_send(client, token(reporter), "sent-before-the-restart")
    assert answer.status_code == 200  # a replay: the post the old process made
    assert answer.json()["id"] == post.pk
    assert Post.objects.count() == 1


def test_the_old_releases_keys_stop_counting_a_day_after_the_upgrade(client, reporter, blog, publish, monkeypatch):
    post = publish(blog, by=reporter)
    _kept_the_old_way(post, reporter, "old")
    monkeypatch.setattr(idempotency, "_keys_moved_at", timezone.now() - timedelta(hours=25))
    assert api_send(client, token(reporter), "old").status_code == 201
    assert Post.objects.count() == 2
