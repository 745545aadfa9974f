// "Get alerts" on a live blog's page: Web Push alerts for its key events and
// its end (docs/community.md, "Push alerts"). The page is the same bytes for
// everyone, so the button is made here, and only where the browser can take
// pushes (a service worker, PushManager, Notification) and the site has a
// VAPID key (the slot is only in the page then). The browser asks the reader
// for permission only when they press the button: no push without consent.
//
// Nothing personal is sent: the subscription (its endpoint, a secret URL of
// the browser's push service, and its keys) goes to /push/subscribe as JSON,
// with no cookie. Words come from the JavaScript catalogue in the page's
// language (pushalerts/locale/*/djangojs.po).

import { gettext } from "../liveblogs/i18n.js";

const slot = document.querySelector("[data-push-alerts]");
const root = document.querySelector("[data-liveblog]");
const supported =
  window.isSecureContext && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function keyBytes(b64url) {
  const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (b64url.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function sameKey(subscription, key) {
  const theirs = subscription.options?.applicationServerKey;
  if (!theirs) return true; // the browser does not say: assume ours
  const a = new Uint8Array(theirs);
  return a.length === key.length && a.every((byte, i) => byte === key[i]);
}

// A refusal the server explained (its words are already in the page's language).
class Refused extends Error {}

async function post(url, body) {
  const res = await fetch(url, {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Refused(data.error || gettext("Something went wrong. Please try again."));
  return data;
}

async function existing() {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

async function newSubscription(key) {
  await navigator.serviceWorker.register(slot.dataset.workerUrl, { scope: "/" });
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    // Made with the site's previous key: it can no longer be used.
    await subscription.unsubscribe();
    subscription = null;
  }
  return subscription || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
}

function start() {
  const slug = root.dataset.slug;
  const key = keyBytes(slot.dataset.key);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button push-alerts__button";
  button.textContent = gettext("Get alerts");
  button.setAttribute("aria-pressed", "false");
  button.setAttribute("aria-describedby", "push-alerts-help");
  const help = document.createElement("p");
  help.id = "push-alerts-help";
  help.className = "push-alerts__help";
  help.textContent = gettext("A notification from your browser for each key event and when this live blog ends.");
  const status = document.createElement("p");
  status.className = "push-alerts__status";
  status.setAttribute("role", "status");
  status.dataset.pushAlertsStatus = "";
  slot.replaceChildren(button, help, status);
  slot.hidden = false;

  const show = (on) => button.setAttribute("aria-pressed", on ? "true" : "false");

  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      if (button.getAttribute("aria-pressed") === "true") {
        const subscription = await existing();
        const data = subscription
          ? await post(slot.dataset.unsubscribeUrl, { blog: slug, endpoint: subscription.endpoint })
          : { message: gettext("Alerts are off for this live blog.") };
        show(false);
        status.textContent = data.message;
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission !== "granted") {
        status.textContent =
          permission === "denied"
            ? gettext("Your browser blocks notifications from this site. Allow them in its settings to get alerts.")
            : gettext("Alerts stay off: your browser did not allow notifications.");
        return;
      }
      const subscription = await newSubscription(key);
      const data = await post(slot.dataset.subscribeUrl, {
        blog: slug,
        subscription: subscription.toJSON(),
        key_events: true,
        blog_end: true,
      });
      show(true);
      status.textContent = data.message;
    } catch (error) {
      status.textContent =
        error instanceof Refused ? error.message : gettext("Alerts could not be turned on in this browser. Please try again.");
    } finally {
      button.disabled = false;
    }
  });

  // The blog ends while the page is open (live.js updates data-status): no
  // more alerts to offer (its subscriptions end with the end alert).
  new MutationObserver(() => {
    slot.hidden = root.dataset.status !== "live";
  }).observe(root, { attributes: true, attributeFilter: ["data-status"] });

  // Already on for this blog? Only asked when this browser holds a push
  // subscription and the reader allowed notifications: no prompt on load.
  if (Notification.permission === "granted") {
    existing()
      .then((subscription) =>
        subscription ? post(slot.dataset.statusUrl, { blog: slug, endpoint: subscription.endpoint }) : null,
      )
      .then((data) => data && show(Boolean(data.subscribed)))
      .catch(() => {});
  }
}

if (slot && root && supported) start();
