"""Key events and a blog's end reach subscribers through the job worker, as
real pushes to a local push service (tests/receiver.py) that checks our VAPID
signature and decrypts each message as the browser would."""

import json
import logging

import pytest
from django_tasks_db.models import DBTaskResult

from liveblogs import actions as blog_actions
from pushalerts import actions, tasks
from pushalerts.models import PushAlert, PushSubscription

pytestmark = pytest.mark.django_db(transaction=True)


def opt_in(blog, receiver, **wants):
    browser, subscription = receiver.new_browser()
    blog.refresh_from_db()
    actions.subscribe(blog=blog, subscription=actions.Subscription.from_browser(subscription), **wants)
    return browser


def test_it_pushes_a_key_event_to_each_subscriber(blog, publish, receiver, run_worker, vapid_keys):
    opt_in(blog, receiver)
    opt_in(blog, receiver)
    post = publish(blog, headline="Bridge closed to all traffic", is_key_event=True)
    run_worker()
    assert len(receiver.pushes) == 2
    assert {p.path for p in receiver.pushes} == set(receiver.browsers)
    push = receiver.pushes[0]
    assert push.vapid_key == vapid_keys.public
    assert push.message["title"] == "Bridge closed to all traffic"
    assert push.message["body"] == "Storm hits the coast"
    assert push.message["url"] == post.absolute_url
    assert push.message["kind"] == "key_event"
    assert push.headers["urgency"] == "high"


def test_it_sends_nothing_for_an_ordinary_post(blog, publish, receiver, run_worker):
    opt_in(blog, receiver)
    publish(blog, headline="Just an update")
    run_worker()
    assert receiver.pushes == []


def test_it_sends_nothing_and_queues_nothing_without_a_subscriber(blog, publish, receiver, run_worker):
    publish(blog, headline="Key, but nobody asked", is_key_event=True)
    queued = [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path__endswith="consume_blog_log")]
    assert all(args[0] != "push_alerts" for args in queued)
    run_worker()
    assert receiver.pushes == [] and not PushAlert.objects.exists()


def test_it_pushes_a_post_marked_as_a_key_event_once(blog, publish, editor, receiver, run_worker):
    opt_in(blog, receiver)
    post = publish(blog, headline="Evacuation ordered")
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    run_worker()
    assert [p.message["title"] for p in receiver.pushes] == ["Evacuation ordered"]
    # Edited, unmarked and marked again: still the one alert.
    blog_actions.set_key_event(post=post, by=editor, key_event=False)
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    run_worker()
    assert len(receiver.pushes) == 1


def test_a_new_subscriber_gets_nothing_from_before(blog, publish, receiver, run_worker):
    first = opt_in(blog, receiver)
    publish(blog, headline="First key event", is_key_event=True)
    # Subscribed after the event, before the worker read it.
    opt_in(blog, receiver)
    run_worker()
    assert [(p.path, p.message["title"]) for p in receiver.pushes] == [
        (next(path for path, b in receiver.browsers.items() if b is first), "First key event")]
    publish(blog, headline="Second key event", is_key_event=True)
    run_worker()
    assert sorted(p.message["title"] for p in receiver.pushes[1:]) == ["Second key event", "Second key event"]


def test_it_pushes_the_blogs_end_to_those_who_want_it(blog, editor, receiver, run_worker):
    opt_in(blog, receiver, key_events=True, blog_end=True)
    opt_in(blog, receiver, key_events=True, blog_end=False)
    blog_actions.close_blog(blog=blog, by=editor)
    run_worker()
    assert len(receiver.pushes) == 1
    message = receiver.pushes[0].message
    assert message["title"] == "This live blog has ended"
    assert message["url"] == blog.absolute_url
    assert message["kind"] == "blog_end"
    # The coverage is over: no subscription to it is kept.
    assert not PushSubscription.objects.exists()


def test_a_reopened_blog_ends_again_for_its_new_subscribers(blog, editor, receiver, run_worker):
    opt_in(blog, receiver)
    blog_actions.close_blog(blog=blog, by=editor)
    run_worker()
    blog_actions.open_blog(blog=blog, by=editor)
    opt_in(blog, receiver)
    blog_actions.close_blog(blog=blog, by=editor)
    run_worker()
    assert [p.message["kind"] for p in receiver.pushes] == ["blog_end", "blog_end"]
    assert receiver.pushes[0].path != receiver.pushes[1].path


def test_it_writes_the_alert_in_the_blogs_language(editor, publish, receiver, run_worker):
    blog = blog_actions.create_blog(by=editor, headline="Повінь на Закарпатті", slug="povin", language="uk")
    blog = blog_actions.open_blog(blog=blog, by=editor)
    opt_in(blog, receiver)
    blog_actions.close_blog(blog=blog, by=editor)
    run_worker()
    message = receiver.pushes[0].message
    assert message["lang"] == "uk" and message["title"] != "This live blog has ended"


def test_it_removes_a_subscription_the_push_service_says_is_gone(blog, publish, receiver, run_worker):
    opt_in(blog, receiver)
    opt_in(blog, receiver)
    receiver.answers = [410]
    publish(blog, headline="Key", is_key_event=True)
    run_worker()
    assert len(receiver.pushes) == 1
    assert PushSubscription.objects.count() == 1
    assert PushSubscription.objects.get().endpoint.endswith(receiver.pushes[0].path)


def test_it_removes_a_subscription_on_404(blog, publish, receiver, run_worker):
    opt_in(blog, receiver)
    receiver.answers = [404]
    publish(blog, headline="Key", is_key_event=True)
    run_worker()
    assert not PushSubscription.objects.exists()


def test_it_retries_later_when_the_push_service_is_busy(blog, publish, receiver, run_worker, caplog):
    opt_in(blog, receiver)
    receiver.answers = [503]
    publish(blog, headline="Key", is_key_event=True)
    with caplog.at_level(logging.INFO, logger="pushalerts.sender"):
        run_worker()
    assert receiver.pushes == [] and PushSubscription.objects.count() == 1
    assert "will retry" in caplog.text
    waiting = DBTaskResult.objects.filter(task_path="pushalerts.tasks.send_push_alert", status="READY").get()
    assert waiting.run_after is not None
    # The retry, run as the worker will once its time comes.
    alert_id, ids, attempt = json.loads(json.dumps(waiting.args_kwargs))["args"]
    assert attempt == 2
    assert tasks.send_push_alert.call(alert_id, ids, attempt)["sent"] == 1
    assert receiver.pushes[0].message["title"] == "Key"


def test_it_removes_a_subscription_refused_again_and_again(blog, publish, receiver, run_worker):
    opt_in(blog, receiver)
    receiver.answers = [403, 403, 403]
    for n in range(3):
        publish(blog, headline=f"Key {n}", is_key_event=True)
        run_worker()
    assert not PushSubscription.objects.exists()
    assert receiver.pushes == []


def test_it_sends_nothing_when_the_site_has_no_keys(blog, publish, receiver, run_worker, settings):
    opt_in(blog, receiver)
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    publish(blog, headline="Key", is_key_event=True)
    run_worker()
    assert receiver.pushes == [] and not PushAlert.objects.exists()


def test_it_does_not_send_an_alert_older_than_its_ttl(blog, publish, receiver, run_worker, settings):
    opt_in(blog, receiver)
    publish(blog, headline="Key", is_key_event=True)
    settings.WEBPUSH_TTL_SECONDS = 0  # the worker was away longer than the alert is worth
    run_worker()
    assert receiver.pushes == [] and PushAlert.objects.count() == 1


def test_after_a_rewritten_log_it_alerts_only_from_the_new_head(blog, publish, receiver, run_worker):
    from liveblogs.models import LiveBlog
    from pushalerts.consumer import CONSUMER
    from pushalerts.models import LogPosition

    opt_in(blog, receiver)
    publish(blog, headline="Key one", is_key_event=True)
    run_worker()
    LiveBlog.objects.filter(pk=blog.pk).update(epoch=blog.epoch + 1, head_seq=0)  # a restore, seqs start over
    blog.refresh_from_db()
    assert CONSUMER.start(blog, previous=5) == 0
    assert PushSubscription.objects.get().since_seq == 0
    assert LogPosition.objects.filter(blog=blog).exists()
