// The live blog page: new updates without reload, edits, deletions and pins
// applied in place, relative times, share links and "show older updates".
// The page is complete without this script; it only keeps it fresh.
// Its words and times are in the page's language (./i18n.js).

import { gettext, ngettext, pgettext, relativeTime, timeOfDay } from "./i18n.js";
import { AdSlots } from "./slots.js";

const root = document.querySelector("[data-liveblog]");
const POLL_MS = 10000;
const STREAM_RETRY_MS = 30000;
const STREAM_RETRY_MAX_MS = 300000;
const TOP_SLACK_PX = 200;

function parseSort(value) {
  const [micros, id] = (value || "0.0").split(".");
  return [Number(micros), Number(id)];
}

function newerThan(a, b) {
  // Posts run newest first: by published time, then id.
  const [ta, ia] = parseSort(a);
  const [tb, ib] = parseSort(b);
  return ta !== tb ? ta > tb : ia > ib;
}

function fragment(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  return t.content.firstElementChild;
}

// Relative times ("12 min ago"), kept fresh. The absolute time stays in the
// element's title and datetime attribute.
export function refreshTimes(scope = document) {
  for (const el of scope.querySelectorAll("time[data-relative]")) {
    if (!el.dataset.absolute) el.dataset.absolute = el.textContent;
    const text = relativeTime(new Date(el.getAttribute("datetime")));
    el.textContent = text || el.dataset.absolute;
  }
}

// Editor analytics (liveblogs/beacon.py): one small POST a page view, one a
// share, and one a minute while the page polls instead of streaming. Counts
// only: no cookie goes with it and nothing about the reader is kept. The
// page itself stays the same bytes for everyone.
const BEACON_POLL_MS = 60000;

function beacon(kind, post) {
  if (!root?.dataset.beaconUrl) return;
  const url = `${root.dataset.beaconUrl}?k=${kind}${post ? `&p=${encodeURIComponent(post)}` : ""}`;
  try {
    fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(() => {});
  } catch { /* counting never gets in the reader's way */ }
}

function sharedPost(link) {
  const card = link.closest("[data-post]");
  return card?.id?.startsWith("post-") ? card.id.slice(5) : null;
}

function setupShare(scope) {
  scope.addEventListener("click", async (event) => {
    const link = event.target.closest("[data-share]");
    if (!link) return;
    event.preventDefault();
    const url = link.href;
    try {
      if (navigator.share) {
        await navigator.share({ title: link.dataset.title, url });
        beacon("share", sharedPost(link));
        return;
      }
      await navigator.clipboard.writeText(url);
      beacon("share", sharedPost(link));
      link.dataset.copied = "true";
      link.setAttribute("aria-label", gettext("Link copied"));
      setTimeout(() => { delete link.dataset.copied; link.removeAttribute("aria-label"); }, 2500);
    } catch {
      window.location.href = url;
    }
  });
}

class LiveBlog {
  constructor(el) {
    this.el = el;
    this.slug = el.dataset.slug;
    this.epoch = Number(el.dataset.epoch);
    this.seq = Number(el.dataset.head);
    this.firstPage = el.dataset.firstPage === "true";
    this.posts = el.querySelector("[data-posts]");
    this.pinnedSlot = el.querySelector("[data-pinned-slot]");
    this.keyEvents = el.querySelector("[data-key-events]");
    this.newButton = el.querySelector("[data-new-updates]");
    this.notice = el.querySelector("[data-live-notice]");
    this.buffer = new Map(); // new posts held back while the reader is scrolled down
    this.slots = AdSlots.fromPage(this.posts); // ad slots between posts (./slots.js), or null
    this.baseTitle = document.title;
    this.newButton.addEventListener("click", () => this.reveal());
    window.addEventListener("scroll", () => { if (this.atTop() && this.buffer.size) this.reveal(false); }, { passive: true });
  }

  atTop() {
    const top = this.posts.getBoundingClientRect().top;
    return top > -TOP_SLACK_PX;
  }

  // Events ----------------------------------------------------------------

  apply(event) {
    if (event.kind === "reset") { this.reset(); return; }
    if (event.seq <= this.seq) return; // already applied (replay or a second path)
    this.seq = event.seq;
    switch (event.kind) {
      case "post.published":
        this.slots?.counted(event.post);
        if (this.firstPage && !event.post.pinned && !this.atTop()) this.hold(event.post);
        else this.place(event.post);
        break;
      case "post.updated":
      case "post.restored": // a deleted post back in its place: an upsert like an edit
      case "post.pinned":
      case "post.unpinned":
        if (this.buffer.has(event.post.id)) this.buffer.set(event.post.id, event.post);
        else this.place(event.post);
        break;
      case "post.deleted":
        this.buffer.delete(event.post.id);
        this.remove(event.post.id);
        this.updateNewButton();
        break;
      case "blog.closed":
      case "blog.opened":
        this.setStatus(event.blog.status);
        if ("coverage_html" in event.blog) this.setInnerHTML("[data-blog-coverage]", event.blog.coverage_html);
        break;
      case "blog.updated":
        this.setText(".liveblog__headline", event.blog.headline);
        this.setText(".liveblog__standfirst", event.blog.standfirst);
        if ("image_html" in event.blog) this.setHTML("[data-blog-image]", event.blog.image_html);
        if ("summary_html" in event.blog) this.setHTML("[data-blog-summary]", event.blog.summary_html);
        // Reactions turned on or off for the blog (votes app): the buttons show or hide.
        if ("reactions" in event.blog) this.el.dataset.reactionsEnabled = event.blog.reactions ? "on" : "off";
        break;
      case "slots.updated":
        this.slots = AdSlots.changed(this.slots, this.posts, event.slots);
        break;
    }
  }

  remove(id) {
    this.slots?.left(id);
    document.getElementById(`post-${id}`)?.remove();
    document.getElementById(`key-${id}`)?.remove();
  }

  place(post) {
    const existing = document.getElementById(`post-${post.id}`);
    const node = fragment(post.html);
    refreshTimes(node);
    if (post.pinned) {
      for (const old of this.pinnedSlot.querySelectorAll("[data-post]")) {
        if (old !== existing) old.remove();
      }
      existing?.remove();
      this.slots?.left(post.id);
      this.pinnedSlot.append(node);
    } else if (existing && existing.parentElement === this.posts) {
      existing.replaceWith(node);
    } else {
      existing?.remove();
      this.insertSorted(node);
    }
    this.slots?.placed(post, node);
    this.placeKeyEvent(post);
    this.el.querySelector("[data-empty]")?.remove();
    this.onPlaced?.();
  }

  insertSorted(node) {
    const sort = node.dataset.sort;
    for (const child of this.posts.children) {
      if (newerThan(sort, child.dataset.sort)) { this.posts.insertBefore(node, child); return; }
    }
    // Older than everything shown: it belongs here only if no older page exists.
    if (!this.el.querySelector("[data-older]")) this.posts.append(node);
  }

  placeKeyEvent(post) {
    const id = `key-${post.id}`;
    document.getElementById(id)?.remove();
    if (!post.key_event) return;
    const li = document.createElement("li");
    li.id = id;
    li.dataset.sort = post.sort;
    const a = document.createElement("a");
    a.href = post.url;
    a.dataset.postLink = post.id;
    const time = document.createElement("time");
    time.setAttribute("datetime", post.published);
    time.textContent = timeOfDay(new Date(post.published));
    a.append(time, ` ${post.title}`);
    li.append(a);
    const before = [...this.keyEvents.children].find((c) => newerThan(post.sort, c.dataset.sort));
    this.keyEvents.insertBefore(li, before || null);
    this.el.querySelector("[data-key-events-empty]")?.remove();
  }

  hold(post) {
    this.buffer.set(post.id, post);
    this.updateNewButton();
  }

  reveal(scroll = true) {
    const held = [...this.buffer.values()];
    this.buffer.clear();
    held.forEach((p) => this.place(p));
    this.updateNewButton();
    if (scroll) this.posts.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  updateNewButton() {
    const n = this.buffer.size;
    this.newButton.hidden = n === 0;
    this.newButton.textContent = ngettext("%(count)s new update", "%(count)s new updates", n);
    document.title = n ? `(${n}) ${this.baseTitle}` : this.baseTitle;
  }

  setStatus(status) {
    this.el.dataset.status = status;
    const badge = this.el.querySelector("[data-blog-badge]");
    if (badge) {
      badge.textContent = status === "ended" ? pgettext("blog status", "Ended") : pgettext("blog status", "Live");
      badge.className = `badge badge--${status === "ended" ? "ended" : "live"}`;
    }
    if (status === "ended") this.say(gettext("This live blog has ended."));
    // A page only ever sees a blog open again: drafts are not public.
    else if (status === "live") this.say(gettext("This live blog has reopened: new updates will appear here."));
  }

  setText(selector, text) {
    const el = this.el.querySelector(selector);
    if (el && text) el.textContent = text;
  }

  setHTML(selector, html) {
    // Server-rendered markup from our own templates (escaped there).
    const el = this.el.querySelector(selector);
    if (!el) return;
    if (html) el.replaceChildren(fragment(html));
    else el.replaceChildren();
  }

  setInnerHTML(selector, html) {
    // Server-rendered inline markup from our own templates (escaped there).
    const el = this.el.querySelector(selector);
    if (!el) return;
    const t = document.createElement("template");
    t.innerHTML = html;
    el.replaceChildren(t.content);
  }

  say(text) {
    this.notice.hidden = false;
    this.notice.textContent = text;
  }

  reset() {
    // The log was restored or we fell too far behind: start again from the
    // server, past every cache (a URL no cache has seen; removed on load).
    this.stop();
    const url = new URL(window.location.href);
    url.searchParams.set("fresh", Date.now().toString(36));
    window.location.replace(url);
  }

  // Transport: a stream, with polling as the fallback --------------------
  // A stream that fails for good (a proxy that cannot stream, a 502 while a
  // server restarts) falls back to polling, and polling tries the stream
  // again after STREAM_RETRY_MS, doubling to STREAM_RETRY_MAX_MS, each delay
  // jittered so a crowd cut off together does not come back together. The
  // stream resumes from the seq polling reached; once it is open, polling
  // stops. An event that arrives both ways is applied once (by its seq).

  start() {
    if ("EventSource" in window) this.stream();
    else this.poll();
  }

  stop() {
    this.stopped = true;
    this.source?.close();
    this.stopPolling();
    clearTimeout(this.streamRetryTimer);
  }

  stream() {
    const url = `${this.el.dataset.eventsUrl}?after=${this.seq}&epoch=${this.epoch}`;
    const source = new EventSource(url);
    this.source = source;
    let failures = 0;
    source.onopen = () => this.stopPolling();
    source.onmessage = (e) => {
      failures = 0;
      this.streamRetries = 0; // it streams: a later fallback starts from the first delay again
      this.apply(JSON.parse(e.data));
    };
    source.addEventListener("reset", () => this.reset());
    source.onerror = () => {
      // EventSource reconnects by itself with Last-Event-ID; after repeated
      // failures, or when it gives up (an error answer), fall back to polling.
      failures += 1;
      if (source.readyState === EventSource.CLOSED || failures > 5) {
        source.close();
        this.fallBack();
      }
    };
  }

  fallBack() {
    if (this.stopped) return;
    if (!this.polling) {
      this.polling = true;
      this.poll();
    }
    const retries = this.streamRetries || 0;
    this.streamRetries = retries + 1;
    const delay = Math.min(STREAM_RETRY_MS * 2 ** retries, STREAM_RETRY_MAX_MS);
    const jittered = delay * (0.8 + 0.4 * Math.random());
    clearTimeout(this.streamRetryTimer);
    this.streamRetryTimer = setTimeout(() => this.stream(), jittered);
  }

  stopPolling() {
    this.polling = false;
    clearTimeout(this.pollTimer);
  }

  async poll() {
    // A reader on the fallback, counted once a minute for the desk's "stream and polling".
    if (this.polling !== false && Date.now() - (this.pollBeaconAt || 0) >= BEACON_POLL_MS) {
      this.pollBeaconAt = Date.now();
      beacon("poll");
    }
    try {
      const res = await fetch(`${this.el.dataset.updatesUrl}?after=${this.seq}&epoch=${this.epoch}`);
      if (res.ok) {
        const data = await res.json();
        if (data.reset) { this.reset(); return; }
        data.events.forEach((e) => this.apply(e));
        if (data.more && this.polling !== false) { this.pollTimer = setTimeout(() => this.poll(), 0); return; }
      }
    } catch { /* offline for a moment: try again later */ }
    // The stream came back while this request was out: no more polling.
    if (this.polling === false) return;
    this.pollTimer = setTimeout(() => this.poll(), POLL_MS);
  }
}

// "Since your last visit": the newest post this browser has shown the reader,
// kept per blog in localStorage, compared with what the page holds now.
function sinceLastVisit(blog) {
  const key = `newsline:seen:${blog.slug}`;
  let stored = null;
  try { stored = localStorage.getItem(key); } catch { return; }
  const posts = [...blog.el.querySelectorAll("[data-post]")];
  const newest = () => posts.concat([...blog.el.querySelectorAll("[data-post]")])
    .map((p) => p.dataset.sort).reduce((a, b) => (!a || newerThan(b, a) ? b : a), null);
  if (stored && blog.firstPage) {
    const unseen = posts.filter((p) => newerThan(p.dataset.sort, stored));
    unseen.forEach((p) => p.classList.add("post--unseen"));
    if (unseen.length) {
      const more = blog.el.querySelector("[data-older]") && unseen.length >= posts.length;
      blog.say(more
        ? ngettext("Since your last visit: at least %(count)s new update",
          "Since your last visit: at least %(count)s new updates", unseen.length)
        : ngettext("Since your last visit: %(count)s new update",
          "Since your last visit: %(count)s new updates", unseen.length));
    }
  }
  const remember = () => {
    const latest = newest();
    if (latest && (!stored || newerThan(latest, stored))) {
      stored = latest;
      try { localStorage.setItem(key, latest); } catch { /* private mode */ }
    }
  };
  remember();
  blog.onPlaced = remember;
}

function setupOlder(el) {
  el.addEventListener("click", async (event) => {
    const link = event.target.closest("[data-older]");
    if (!link) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    try {
      const res = await fetch(link.href);
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const posts = el.querySelector("[data-posts]");
      // Posts and the ad slots between them (./slots.js), in the page's order.
      for (const post of doc.querySelectorAll("[data-posts] > [data-post], [data-posts] > [data-slot]")) {
        if (!document.getElementById(post.id)) posts.append(document.adoptNode(post));
      }
      refreshTimes(posts);
      const next = doc.querySelector("[data-older]");
      if (next) link.href = next.getAttribute("href");
      else link.parentElement.remove();
    } catch {
      window.location.href = link.href;
    } finally {
      link.removeAttribute("aria-busy");
    }
  });
  el.addEventListener("click", (event) => {
    // A key event already on the page: scroll to it instead of reloading.
    const link = event.target.closest("[data-post-link]");
    const target = link && document.getElementById(`post-${link.dataset.postLink}`);
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ behavior: "smooth", block: "start" });
    history.replaceState(null, "", `#post-${link.dataset.postLink}`);
    target.focus?.({ preventScroll: true });
  });
}

// Personal parts come from the private endpoint, and only for browsers that
// have signed in: the page itself is the same for everyone.
// Other scripts (comments, membership) listen for the "newsline:me" event on
// document rather than fetching /me again; anonymous readers get it too, with
// { authenticated: false }, without any request.
function announceAccount(me) {
  window.newslineMe = me;
  document.dispatchEvent(new CustomEvent("newsline:me", { detail: me }));
}

async function loadAccount() {
  const slot = document.querySelector("[data-account]");
  if (!document.cookie.split("; ").includes("nl_signed_in=1")) {
    announceAccount({ authenticated: false });
    return;
  }
  try {
    const res = await fetch("/me", { credentials: "same-origin" });
    const me = await res.json();
    announceAccount(me);
    if (!me.authenticated || !slot) return;
    slot.textContent = gettext("Signed in as %(name)s", { name: me.name });
    if (me.desk_url) {
      const a = document.createElement("a");
      a.href = me.desk_url;
      a.textContent = gettext("Newsroom desk");
      slot.append(" · ", a);
    }
    slot.hidden = false;
  } catch { /* the page works without it */ }
}

{
  // A page view (and, at a post's permalink, its opening); not the reload a reset makes.
  const params = new URL(window.location.href).searchParams;
  const around = params.get("around");
  if (root && !params.has("fresh")) beacon("view", /^\d+$/.test(around || "") ? around : null);
}
if (new URL(window.location.href).searchParams.has("fresh")) {
  const url = new URL(window.location.href);
  url.searchParams.delete("fresh");
  history.replaceState(null, "", url);
}
loadAccount();
refreshTimes();
setInterval(() => refreshTimes(), 30000);
setupShare(document);
if (root) {
  const blog = new LiveBlog(root);
  window.newsline = { blog };
  setupOlder(root);
  if (root.dataset.firstPage === "true") sinceLastVisit(blog);
  if (root.dataset.status === "live") blog.start();
}
