"""Outbound webhooks, delivered by the real job worker to a real HTTP
receiver on this machine: signed, retried with backoff, logged, switched
off after repeated failures."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from distribution import actions as dist_actions
from distribution import webhooks
from distribution.models import LogConsumer, Webhook, WebhookDelivery
from liveblogs import actions

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A local HTTP server that records each POST and answers with the next
    status in `answers` (then 200)."""

    def __init__(self):
        self.requests = []
        self.answers = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    # The receiver is on 127.0.0.1, which production refuses (see below).
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    r = Receiver()
    yield r
    r.stop()


@pytest.fixture
def no_wait(monkeypatch):
    # Retries are due at once, so one worker run carries them out.
    monkeypatch.setattr(webhooks, "BACKOFF_BASE_SECONDS", 0)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay")


def test_it_delivers_signed_events_from_the_log(receiver, make_blog, publish, editor):
    blog = make_blog("storm")
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published", "blog.closed"], blog=blog)
    post = publish(blog, headline="Ferries cancelled")
    actions.close_blog(blog=blog, by=editor)
    run_worker()
    # Jobs may run in any order; receivers order by seq (and de-duplicate by id).
    received = sorted(receiver.requests, key=lambda r: json.loads(r[1])["seq"])
    assert [json.loads(body)["event"] for _, body in received] == ["post.published", "blog.closed"]
    headers, body = received[0]
    assert webhooks.verify(hook.secret, headers["X-Newsline-Signature"], body)
    assert not webhooks.verify("whsec_wrong", headers["X-Newsline-Signature"], body)
    assert headers["X-Newsline-Event"] == "post.published"
    sent = json.loads(body)
    assert sent["blog"]["slug"] == "storm" and sent["data"]["post"]["id"] == post.pk
    assert sent["data"]["post"]["title"] == "Ferries cancelled"
    delivery = WebhookDelivery.objects.get(webhook=hook, event="post.published")
    assert delivery.status == "delivered" and delivery.last_status_code == 200
    assert delivery.last_response_ms is not None and delivery.attempts == 1
    blog.refresh_from_db()
    assert LogConsumer.objects.get(name="webhooks", blog=blog).last_seq == blog.head_seq


def test_it_sends_only_subscribed_events_and_only_for_its_blog(receiver, make_blog, publish, editor):
    storm, vote = make_blog("storm"), make_blog("vote")
    dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.deleted"], blog=storm)
    site_wide = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"])
    gone = publish(storm, headline="Wrong")
    actions.delete_post(post=gone, by=editor)
    publish(vote, headline="Polls open")
    run_worker()
    sent = sorted((json.loads(b)["event"], json.loads(b)["blog"]["slug"]) for _, b in receiver.requests)
    assert sent == [("post.deleted", "storm"), ("post.published", "storm"), ("post.published", "vote")]
    assert WebhookDelivery.objects.filter(webhook=site_wide).count() == 2


def test_it_retries_with_backoff_until_delivered(receiver, no_wait, make_blog, publish, editor):
    blog = make_blog("storm")
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    receiver.answers = [500, 503]
    publish(blog, headline="Third time lucky")
    run_worker()
    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == "delivered" and delivery.attempts == 3
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.is_active


def test_it_gives_up_and_switches_off_a_failing_webhook(
    receiver, no_wait, make_blog, publish, editor, monkeypatch, client
):
    monkeypatch.setattr(webhooks, "MAX_ATTEMPTS", 2)
    monkeypatch.setattr(webhooks, "DISABLE_AFTER_FAILURES", 3)
    blog = make_blog("storm")
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    receiver.answers = [500] * 10
    publish(blog, headline="One")
    publish(blog, headline="Two")
    run_worker()
    hook.refresh_from_db()
    assert not hook.is_active and "failed deliveries" in hook.disabled_reason
    statuses = sorted(WebhookDelivery.objects.filter(webhook=hook).values_list("status", flat=True))
    assert "failed" in statuses
    assert len(receiver.requests) == 3  # the attempt after the third failure is not made
    client.force_login(editor)
    page = client.get("/desk/webhooks/").content.decode()
    assert "Webhook off" in page and receiver.url in page


def test_it_resumes_from_its_saved_position_after_a_stop(receiver, make_blog, publish, editor):
    blog = make_blog("storm")
    dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    publish(blog, headline="Before the stop")
    run_worker()
    # Events written while no worker ran (and no job queued) are read on from
    # the saved position by the catch-up job; nothing is sent twice.
    from django_tasks_db.models import DBTaskResult

    publish(blog, headline="During the stop")
    DBTaskResult.objects.all().delete()
    from distribution.tasks import catch_up_logs

    catch_up_logs.enqueue()
    run_worker()
    titles = [json.loads(b)["data"]["post"]["title"] for _, b in receiver.requests]
    assert sorted(titles) == ["Before the stop", "During the stop"]


def test_it_does_not_send_events_from_before_the_webhook(receiver, make_blog, publish, editor):
    blog = make_blog("storm")
    publish(blog, headline="Old news")
    run_worker()
    dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    publish(blog, headline="New news")
    run_worker()
    assert [json.loads(b)["data"]["post"]["title"] for _, b in receiver.requests] == ["New news"]
    assert Webhook.objects.count() == 1


def test_it_verifies_signatures_strictly():
    body = b'{"a":1}'
    header = webhooks.sign("s3cret", 1_700_000_000, body)
    assert webhooks.verify("s3cret", header, body, now=1_700_000_100)
    assert not webhooks.verify("s3cret", header, body + b" ", now=1_700_000_100)
    assert not webhooks.verify("s3cret", header, body, now=1_700_001_000)  # too old
    assert not webhooks.verify("s3cret", "garbage", body)


def test_it_sends_nothing_twice_when_the_log_changes_epoch(receiver, make_blog, publish, editor):
    from django.db.models import F

    from liveblogs.models import LiveBlog

    blog = make_blog("storm")
    dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    publish(blog, headline="First")
    run_worker()
    # As a legal takedown or a restore does: the epoch moves on.
    LiveBlog.objects.filter(pk=blog.pk).update(epoch=F("epoch") + 1)
    publish(blog, headline="Second")
    run_worker()
    titles = [json.loads(b)["data"]["post"]["title"] for _, b in receiver.requests]
    assert sorted(titles) == ["First", "Second"]


def test_it_refuses_to_deliver_to_private_addresses(receiver, make_blog, publish, editor, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    blog = make_blog("storm")
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"], blog=blog)
    publish(blog, headline="Should not leave")
    run_worker()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get(webhook=hook)
    assert delivery.status == "retrying" and "127.0.0.1" in delivery.last_error


# The desk's "Send a test event" ---------------------------------------------


def _send_test(client, hook):
    response = client.post(f"/desk/webhooks/{hook.pk}/", {"do": "test"})
    assert response.status_code == 302
    return response["Location"]


def test_it_sends_a_signed_test_event_from_the_desk_and_shows_the_answer(receiver, editor, client):
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"])
    client.force_login(editor)
    location = _send_test(client, hook)
    assert "Test event queued" in client.get(location).content.decode()

    run_worker()
    [(headers, body)] = receiver.requests
    assert headers["X-Newsline-Event"] == "ping"
    assert webhooks.verify(hook.secret, headers["X-Newsline-Signature"], body)
    event = json.loads(body)
    assert event["event"] == "ping" and event["blog"] is None and event["data"]["sent_by"] == editor.byline
    page = client.get(location).content.decode()
    assert "Delivered." in page and "answered HTTP 200" in page
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.event) == ("delivered", 1, "ping")


def test_it_shows_a_failed_test_event_once_without_retrying_or_counting_it(receiver, no_wait, editor, client):
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"])
    receiver.answers = [500, 500]
    client.force_login(editor)
    location = _send_test(client, hook)
    run_worker()
    run_worker()
    assert len(receiver.requests) == 1  # one attempt, no retry
    page = client.get(location).content.decode()
    assert "Not delivered." in page and "answered HTTP 500" in page
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0 and hook.is_active


def test_it_names_the_reason_when_the_endpoint_cannot_be_reached(receiver, editor, client):
    url = receiver.url
    receiver.stop()
    hook = dist_actions.create_webhook(by=editor, url=url, events=["post.published"])
    client.force_login(editor)
    location = _send_test(client, hook)
    run_worker()
    assert "Not delivered." in client.get(location).content.decode()
    assert "refused" in WebhookDelivery.objects.get().last_error.lower()


def test_it_sends_a_test_event_to_a_webhook_that_is_off(receiver, editor, client):
    hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"])
    dist_actions.set_webhook_active(webhook=hook, by=editor, active=False)
    client.force_login(editor)
    _send_test(client, hook)
    run_worker()
    assert len(receiver.requests) == 1
    hook.refresh_from_db()
    assert not hook.is_active  # a test does not switch it back on


def test_it_refuses_test_events_to_a_private_address_in_production(editor, client, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    hook = dist_actions.create_webhook(by=editor, url="http://127.0.0.1:9/hook", events=["post.published"])
    client.force_login(editor)
    location = _send_test(client, hook)
    run_worker()
    page = client.get(location).content.decode()
    assert "Not delivered." in page and "private or local address" in page
