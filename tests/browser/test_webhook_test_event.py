"""The desk's "Send a test event" in a real browser: the editor presses it,
the page says it is queued, and once the job worker has sent the ping to a
real local receiver the page shows the answer without being reloaded."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from distribution import actions as dist_actions
from distribution.tests.test_webhooks import Receiver
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_the_test_events_answer_when_the_worker_has_sent_it(live_server, new_page, editor, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True  # the receiver is on 127.0.0.1
    receiver = Receiver()
    try:
        hook = dist_actions.create_webhook(by=editor, url=receiver.url, events=["post.published"])
        page = new_page()
        sign_in(page, live_server, editor, next=f"/desk/webhooks/{hook.pk}/")
        page.get_by_role("button", name="Send a test event").click()
        status = page.locator("[data-webhook-test]")
        expect(status).to_contain_text("Test event queued")

        call_command("db_worker", "--batch", "--no-startup-delay")
        assert len(receiver.requests) == 1
        expect(status).to_contain_text("Delivered. The endpoint answered HTTP 200")
        expect(page.locator(".desk-table")).to_contain_text("Delivered")
    finally:
        receiver.stop()
