"""Push alerts in a real browser: a reader presses "Get alerts" on a live
blog's page, an editor publishes a key event at the desk, and the job worker
pushes it to the reader's push service, here a local one that checks our
VAPID signature and decrypts the message as the browser would
(pushalerts/tests/receiver.py).

What is stubbed, and why: headless Chromium's pushManager.subscribe() needs
Google's push service (FCM), which the test machines cannot reach. An init
script replaces PushManager.prototype.subscribe/getSubscription with ones that
return a subscription whose endpoint is the local receiver and whose keys the
test holds. The permission prompt (granted by the context), the service
worker's registration, the page's POST, the desk, the worker and the
encrypted push are all real. The last hop, push service to browser, is
DevTools' ServiceWorker.deliverPushMessage with the message the receiver
decrypted: our service worker's push handler shows the notification."""

import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from liveblogs import actions as blog_actions
from pushalerts import vapid
from pushalerts.models import PushSubscription
from pushalerts.tests.receiver import Receiver, b64d
from tests.browser.helpers import sign_in
from tests.server import Server
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

STUB = """
(() => {
  const fake = %s;
  let current = null;
  PushManager.prototype.subscribe = async function (options) {
    window.__pushOptions = {
      userVisibleOnly: options.userVisibleOnly,
      key: Array.from(new Uint8Array(options.applicationServerKey)),
    };
    current = {
      endpoint: fake.endpoint,
      options: { userVisibleOnly: true, applicationServerKey: options.applicationServerKey },
      toJSON: () => ({ endpoint: fake.endpoint, expirationTime: null, keys: fake.keys }),
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
  PushManager.prototype.getSubscription = async function () { return current; };
})();
"""


@pytest.fixture
def push_server(django_db_blocker, tmp_path, settings):
    """A server whose pages offer alerts, with this process (where the test
    runs the job worker) holding the same keys."""
    keys = vapid.generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = keys.public, keys.private
    settings.WEBPUSH_DEMO_KEYS = False
    settings.WEBPUSH_ALLOW_LOOPBACK = True
    with django_db_blocker.unblock():
        server = Server(tmp_path, extra_env={
            "WEBPUSH_VAPID_PUBLIC_KEY": keys.public, "WEBPUSH_VAPID_PRIVATE_KEY": keys.private,
            "WEBPUSH_DEMO_KEYS": "0", "WEBPUSH_ALLOW_LOOPBACK": "1",
        })
    settings.SITE_URL = server.url  # the worker (this process) links to the server's pages
    yield server, keys
    server.stop()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()
    assert not r.refused, r.refused


def test_a_reader_who_asked_gets_a_push_when_the_desk_publishes_a_key_event(
    push_server, receiver, unique_blog, editor, new_page
):
    server, keys = push_server
    blog = unique_blog
    _browser, subscription = receiver.new_browser()
    reader = new_page(permissions=["notifications"])
    reader.add_init_script(STUB % json.dumps(subscription))
    reader.goto(f"{server.url}/live/{blog.slug}/")

    button = reader.get_by_role("button", name="Get alerts")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert not PushSubscription.objects.exists()  # nothing before the reader asks
    button.click()
    expect(reader.locator("[data-push-alerts-status]")).to_have_text(
        "Alerts are on: you will be told of key events and when this live blog ends.")
    expect(button).to_have_attribute("aria-pressed", "true")
    options = reader.evaluate("window.__pushOptions")
    assert options == {"userVisibleOnly": True, "key": list(b64d(keys.public))}  # the site's VAPID key
    worker = reader.evaluate("navigator.serviceWorker.getRegistration('/').then(r => r?.active?.scriptURL)")
    assert worker == f"{server.url}/push-sw.js"
    assert PushSubscription.objects.get().endpoint == subscription["endpoint"]

    desk = new_page()
    sign_in(desk, server, editor)
    desk.goto(f"{server.url}/desk/blogs/{blog.slug}/")
    desk.get_by_label("Headline").fill("Dam gates opened upstream")
    body = desk.get_by_role("textbox", name="Body")
    body.click()
    body.type("Water levels will rise by evening.")
    desk.get_by_label("Key event").check()
    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_text("Published.")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(receiver.pushes) == 1
    push = receiver.pushes[0]
    post = blog.posts.get()
    assert push.vapid_key == keys.public
    assert push.message["title"] == "Dam gates opened upstream"
    assert push.message["body"] == blog.headline
    assert push.message["url"] == f"{server.url}/live/{blog.slug}/?around={post.pk}#post-{post.pk}"

    # What the browser does with it: the message the push service delivered,
    # handed to our service worker (DevTools' deliverPushMessage, as the
    # browser's push client would), becomes a notification linking the post.
    # The worker is running and Playwright is attached to it (once, without
    # this, the message seemed not to reach the worker in time).
    wait_for(lambda: reader.evaluate("0") == 0 and reader.context.service_workers, what="the service worker")
    cdp = reader.context.new_cdp_session(reader)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    # (Playwright hands over DevTools events while it is called: evaluate() lets them in.)
    wait_for(lambda: reader.evaluate("0") == 0 and any(r["scopeURL"] == f"{server.url}/" for r in registrations),
             what="the service worker's registration")
    registration = next(r for r in registrations if r["scopeURL"] == f"{server.url}/")
    shown = "navigator.serviceWorker.ready.then(r => r.getNotifications()).then(" \
            "ns => ns.map(n => ({title: n.title, body: n.body, tag: n.tag, url: n.data && n.data.url})))"
    tries = []

    def delivered():
        # DevTools hands the message to the worker; on a loaded machine the
        # worker may not take the first one (CI saw that once), so the message
        # is handed over again every 2 s until it shows. The notification's tag
        # makes a repeat replace it, never add a second.
        if len(tries) % 20 == 0:
            cdp.send("ServiceWorker.deliverPushMessage", {
                "origin": server.url, "registrationId": registration["registrationId"],
                "data": json.dumps(push.message),
            })
        tries.append(1)
        return reader.evaluate(shown)

    notes = wait_for(delivered, seconds=60, what="the notification")
    assert notes == [{"title": "Dam gates opened upstream", "body": blog.headline, "tag": push.message["tag"],
                      "url": push.message["url"]}]

    # Pressed again: off for this blog.
    button.click()
    expect(reader.locator("[data-push-alerts-status]")).to_have_text("Alerts are off for this live blog.")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert not PushSubscription.objects.exists()

    # The blog ends while the page is open: nothing more to offer.
    blog_actions.close_blog(blog=blog, by=editor)
    expect(button).to_be_hidden()
