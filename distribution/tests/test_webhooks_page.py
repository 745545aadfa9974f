"""/desk/webhooks/: editors register, switch off and on, and remove webhooks."""

import pytest

from distribution.models import Webhook

pytestmark = pytest.mark.django_db


def test_it_registers_a_webhook_for_a_blog(client, editor, blog):
    client.force_login(editor)
    response = client.post("/desk/webhooks/", {
        "url": "https://partner.example.net/hook", "blog": blog.pk, "events": ["post.published", "blog.closed"],
    })
    hook = Webhook.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/desk/webhooks/{hook.pk}/"
    assert hook.blog == blog and hook.events == ["post.published", "blog.closed"] and hook.secret.startswith("whsec_")
    page = client.get(f"/desk/webhooks/{hook.pk}/").content.decode()
    assert hook.secret in page


def test_it_validates_the_form(client, editor):
    client.force_login(editor)
    for data in ({"url": "ftp://x.example", "events": ["post.published"]}, {"url": "https://x.example/h", "events": []},
                 {"url": "https://x.example/h", "events": ["nonsense"]}):
        assert client.post("/desk/webhooks/", data).status_code == 200
    assert not Webhook.objects.exists()


def test_it_switches_off_on_and_removes(client, editor):
    client.force_login(editor)
    client.post("/desk/webhooks/", {"url": "https://x.example/h", "events": ["post.published"]})
    hook = Webhook.objects.get()
    client.post(f"/desk/webhooks/{hook.pk}/", {"do": "disable"})
    hook.refresh_from_db()
    assert not hook.is_active
    client.post(f"/desk/webhooks/{hook.pk}/", {"do": "enable"})
    hook.refresh_from_db()
    assert hook.is_active and hook.consecutive_failures == 0
    client.post(f"/desk/webhooks/{hook.pk}/", {"do": "delete"})
    assert not Webhook.objects.exists()


def test_it_is_for_editors_only(client, reporter):
    client.force_login(reporter)
    assert client.get("/desk/webhooks/").status_code == 403
    assert (
        client.post("/desk/webhooks/", {"url": "https://x.example/h", "events": ["post.published"]}).status_code == 403
    )
    assert not Webhook.objects.exists()


def test_it_offers_a_desk_notice_of_webhooks_switched_off_by_failures(rf, editor, reporter):
    from django.template.loader import render_to_string

    Webhook.objects.create(url="https://down.example/h", secret="s", events=["post.published"], is_active=False,
                           disabled_reason="Switched off after 20 failed deliveries in a row (last: HTTP 500).")
    Webhook.objects.create(url="https://paused.example/h", secret="s", events=["post.published"], is_active=False,
                           disabled_reason="Switched off by Eddie Editor.")
    html = render_to_string("distribution/desk/_notices.html", {"user": editor})
    assert "https://down.example/h" in html and "paused.example" not in html
    assert "down.example" not in render_to_string("distribution/desk/_notices.html", {"user": reporter})


def test_it_lets_only_editors_send_a_test_event(client, reporter, editor):
    from distribution.models import WebhookDelivery

    hook = Webhook.objects.create(url="https://x.example/h", secret="s", events=["post.published"])
    client.force_login(reporter)
    assert client.post(f"/desk/webhooks/{hook.pk}/", {"do": "test"}).status_code == 403
    assert not WebhookDelivery.objects.exists()


def test_it_limits_test_events_per_minute(client, editor):
    from django.core.cache import cache

    from distribution.desk_views import TEST_EVENTS_PER_MINUTE
    from distribution.models import WebhookDelivery

    cache.clear()
    hook = Webhook.objects.create(url="https://x.example/h", secret="s", events=["post.published"])
    client.force_login(editor)
    for _ in range(TEST_EVENTS_PER_MINUTE + 2):
        client.post(f"/desk/webhooks/{hook.pk}/", {"do": "test"})
    assert WebhookDelivery.objects.count() == TEST_EVENTS_PER_MINUTE
    page = client.get(f"/desk/webhooks/{hook.pk}/").content.decode()
    assert "Too many test events" in page
    cache.clear()
