"""The compose form's one-time key: the same form sent twice (a double
click, or "Send again" on the database-down page after a commit that did
land) publishes one post, and the second answer shows that post."""

import re
import threading

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from liveblogs.models import AuditEntry, Post
from operations.errors import server_error

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def compose_key(client) -> str:
    html = client.get(URL).content.decode()
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def sent(key, **fields):
    return {"kind": "update", "headline": "Bridge reopens", "body": "<p>Traffic is moving.</p>", "label": "",
            "intent": "publish", "form_key": key} | fields


def test_it_publishes_once_when_the_same_form_is_sent_twice(client, reporter, blog):
    client.force_login(reporter)
    key = compose_key(client)
    first = client.post(URL, sent(key))
    second = client.post(URL, sent(key), follow=True)
    post = Post.objects.get()
    assert first.url == f"{URL}#post-{post.pk}"
    assert second.redirect_chain[0][0] == f"{URL}#post-{post.pk}"
    assert "Already published: this form was sent twice, so it was published once." in second.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISH_POST).count() == 1


def test_it_publishes_a_draft_once_when_its_form_is_sent_twice(client, reporter, blog):
    client.force_login(reporter)
    key = compose_key(client)
    draft = client.post(f"{URL}drafts/autosave/", sent(key) | {"intent": ""}).json()["id"]
    client.post(URL, sent(key, draft=draft))
    second = client.post(URL, sent(key, draft=draft))
    assert list(Post.objects.values_list("pk", "state")) == [(draft, Post.State.PUBLISHED)]
    assert second.url == f"{URL}#post-{draft}"


def test_it_gives_each_compose_form_its_own_key(client, reporter, blog):
    client.force_login(reporter)
    first, second = compose_key(client), compose_key(client)
    assert first != second
    client.post(URL, sent(first))
    client.post(URL, sent(second))
    assert Post.objects.count() == 2


def test_it_keeps_one_persons_key_to_themselves(client, reporter, other_reporter, blog):
    client.force_login(reporter)
    key = compose_key(client)
    client.post(URL, sent(key))
    client.force_login(other_reporter)
    client.post(URL, sent(key, headline="Another update"))
    assert sorted(Post.objects.values_list("headline", flat=True)) == ["Another update", "Bridge reopens"]


def test_it_publishes_once_on_send_again_after_a_commit_that_landed(client, reporter, blog):
    client.force_login(reporter)
    key = compose_key(client)
    assert client.post(URL, sent(key)).status_code == 302  # committed; say the answer never arrived
    # The database-down page for that same request, as operations.errors renders it.
    request = RequestFactory().post(URL, sent(key))
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        page = server_error(request).content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    fields["headline"] = re.search(r'id="kept-headline" name="headline" value="([^"]*)"', page).group(1)
    fields["body"] = re.search(r'<textarea id="kept-body" name="body"[^>]*>([^<]*)</textarea>', page).group(1)
    fields.pop("csrfmiddlewaretoken", None)
    again = client.post(URL, {k: v.replace("&lt;", "<").replace("&gt;", ">") for k, v in fields.items()}, follow=True)
    post = Post.objects.get()
    assert again.redirect_chain[0][0] == f"{URL}#post-{post.pk}"
    assert "Already published" in again.content.decode()


@pytest.mark.django_db(transaction=True)
def test_it_publishes_once_when_both_sends_arrive_together(blog, reporter):
    """Two sends of one form at the same moment, each in its own thread and
    database connection: the second waits for the first's commit and finds it."""
    sessions = []
    for _ in range(2):
        c = Client()
        c.force_login(reporter)
        sessions.append(c)
    key = compose_key(sessions[0])
    answers, start = [], threading.Barrier(2)

    def send(c):
        start.wait()
        try:
            answers.append(c.post(URL, sent(key)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [302, 302]
    assert Post.objects.count() == 1
