"""Opting in and out: /push/subscribe, /push/unsubscribe, /push/status, and
the slot on the reader page."""

import json

import pytest

from liveblogs import actions as blog_actions
from pushalerts.models import LogPosition, PushSubscription

pytestmark = pytest.mark.django_db


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def subscribe(client, blog, subscription, **extra):
    return post(client, "/push/subscribe", {"blog": blog.slug, "subscription": subscription, **extra})


def test_it_subscribes_a_browser_to_a_blog_from_its_head(client, blog, publish, receiver):
    publish(blog, headline="Before anyone asked")
    blog.refresh_from_db()
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, subscription)
    assert response.status_code == 200, response.content
    assert response.json()["subscribed"] is True
    assert response["Cache-Control"] == "private, no-store"
    assert "Set-Cookie" not in response
    sub = PushSubscription.objects.get()
    assert (sub.endpoint, sub.key_events, sub.blog_end, sub.since_seq) == (
        subscription["endpoint"], True, True, blog.head_seq)
    position = LogPosition.objects.get(blog=blog)
    assert position.last_seq == blog.head_seq


def test_it_keeps_one_subscription_per_browser_and_blog(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    subscribe(client, blog, subscription)
    response = subscribe(client, blog, subscription, key_events=True, blog_end=False)
    assert response.status_code == 200
    sub = PushSubscription.objects.get()
    assert (sub.key_events, sub.blog_end) == (True, False)


def test_it_needs_something_to_alert_about(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, subscription, key_events=False, blog_end=False)
    assert response.status_code == 400
    assert "Choose key events" in response.json()["error"]


@pytest.mark.parametrize("endpoint, message", [
    ("http://push.example.com/abc", "must start with https://"),
    ("https://evil.example.com/abc", "not one we send alerts through"),
    ("https://169.254.169.254/latest/meta-data", "not one we send alerts through"),
    ("https://fcm.googleapis.com.evil.example/x", "not one we send alerts through"),
    ("", "no usable push address"),
    (42, "no usable push address"),
])
def test_it_refuses_an_endpoint_outside_the_push_services(client, blog, receiver, endpoint, message):
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, {**subscription, "endpoint": endpoint})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_it_refuses_loopback_endpoints_unless_the_tests_allow_them(client, blog, receiver, settings):
    settings.WEBPUSH_ALLOW_LOOPBACK = False
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, subscription)
    assert response.status_code == 400
    assert "https://" in response.json()["error"]


def test_it_accepts_the_real_push_services(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    for endpoint in ("https://fcm.googleapis.com/fcm/send/abc:def", "https://updates.push.services.mozilla.com/wpush/v2/x",
                     "https://web.push.apple.com/QGx"):
        assert subscribe(client, blog, {**subscription, "endpoint": endpoint}).status_code == 200
    assert PushSubscription.objects.count() == 3


@pytest.mark.parametrize("keys", [{}, {"p256dh": "abc", "auth": "abc"}, {"p256dh": None, "auth": None}, "x"])
def test_it_refuses_bad_keys(client, blog, receiver, keys):
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, {**subscription, "keys": keys})
    assert response.status_code == 400
    assert "keys are not valid" in response.json()["error"]


def test_it_takes_only_json(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    response = client.post("/push/subscribe", {"blog": blog.slug, "endpoint": subscription["endpoint"]})
    assert response.status_code == 415


def test_it_refuses_another_sites_origin(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    response = post(client, "/push/subscribe", {"blog": blog.slug, "subscription": subscription},
                    HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_it_refuses_an_unknown_or_draft_blog(client, blog, editor, receiver):
    _browser, subscription = receiver.new_browser()
    assert post(client, "/push/subscribe", {"blog": "nope", "subscription": subscription}).status_code == 404
    draft = blog_actions.create_blog(by=editor, headline="Not yet", slug="not-yet")
    assert subscribe(client, draft, subscription).status_code == 404


def test_it_refuses_an_ended_blog(client, blog, editor, receiver):
    blog_actions.close_blog(blog=blog, by=editor)
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, subscription)
    assert response.status_code == 400
    assert "not live" in response.json()["error"]


def test_it_offers_nothing_without_keys(client, blog, settings):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_DEMO_KEYS = False
    response = client.get(f"/live/{blog.slug}/")
    assert b"data-push-alerts" not in response.content
    response = subscribe(client, blog, {"endpoint": "https://fcm.googleapis.com/x", "keys": {}})
    assert response.status_code == 404


def test_it_puts_the_slot_with_the_public_key_on_a_live_blog_page(client, blog, vapid_keys):
    response = client.get(f"/live/{blog.slug}/")
    html = response.content.decode()
    assert f'data-key="{vapid_keys.public}"' in html
    assert "pushalerts/alerts.js" in html
    assert vapid_keys.private not in html


def test_it_rate_limits_sign_ups_per_address(client, blog, receiver, settings):
    settings.WEBPUSH_SUBSCRIBES_PER_ADDRESS_PER_HOUR = 2
    for i in range(2):
        _browser, subscription = receiver.new_browser()
        assert subscribe(client, blog, subscription).status_code == 200
    _browser, subscription = receiver.new_browser()
    response = subscribe(client, blog, subscription)
    assert response.status_code == 429
    assert "Too many" in response.json()["error"]


def test_it_unsubscribes_and_says_so(client, blog, receiver):
    _browser, subscription = receiver.new_browser()
    subscribe(client, blog, subscription)
    body = {"blog": blog.slug, "endpoint": subscription["endpoint"]}
    assert post(client, "/push/status", body).json()["subscribed"] is True
    response = post(client, "/push/unsubscribe", body)
    assert response.status_code == 200 and response.json()["subscribed"] is False
    assert not PushSubscription.objects.exists()
    assert post(client, "/push/status", body).json()["subscribed"] is False


def test_it_serves_the_service_worker_from_the_root(client):
    response = client.get("/push-sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert b"showNotification" in response.content
