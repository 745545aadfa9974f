// The community's script on reader pages: the forum under a live blog,
// comment counts on the front page, and the notifications bell.
// The page is the same for everyone; all that is personal comes from
// private endpoints. Without this script, /live/<slug>/comments/ works.

const JSON_HEADERS = { Accept: "application/json" };

function me() {
  return new Promise((resolve) => {
    if (window.newslineMe) return resolve(window.newslineMe);
    document.addEventListener("newsline:me", (e) => resolve(e.detail), { once: true });
  });
}

// Django's JavaScript catalogue, loaded before this module (docs/i18n.md); English without it.
const gettext = window.gettext || ((text) => text);
const ngettext = window.ngettext || ((one, many, n) => (n === 1 ? one : many));
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, k) => values[k]));
const say = (text, values) => interpolate(text, values, true);

function html(text) {
  const t = document.createElement("template");
  t.innerHTML = text.trim();
  return t.content.firstElementChild;
}

async function post(url, data, csrf) {
  const body = data instanceof FormData ? data : new URLSearchParams(data);
  const res = await fetch(url, {
    method: "POST", body, credentials: "same-origin",
    headers: { ...JSON_HEADERS, "X-CSRFToken": csrf },
  });
  let json = {};
  try { json = await res.json(); } catch { json = { ok: false, error: gettext("Something went wrong; try again.") }; }
  if (!res.ok && json.ok === undefined) json.ok = false;
  return json;
}

// Front page ------------------------------------------------------------------

async function frontCounts() {
  const slots = [...document.querySelectorAll("[data-comment-count]")];
  if (!slots.length) return;
  const slugs = slots.map((s) => s.dataset.commentCount);
  try {
    const res = await fetch(`/comments/counts?blogs=${slugs.map(encodeURIComponent).join(",")}`);
    const { counts } = await res.json();
    for (const slot of slots) {
      const n = counts[slot.dataset.commentCount] || 0;
      if (!n) continue;
      slot.textContent = ` · ${say(ngettext("%(n)s comment", "%(n)s comments", n), { n })}`;
      slot.hidden = false;
    }
  } catch { /* counts are a nicety */ }
}

// The bell ----------------------------------------------------------------------

let bellRefresh = null; // set once the bell is shown

function bell(info) {
  const header = document.querySelector(".site-header");
  if (!header || !info) return;
  let link = header.querySelector("[data-bell]");
  if (!link) {
    link = document.createElement("a");
    link.className = "bell";
    link.dataset.bell = "";
    link.href = info.notifications_url;
    header.append(link);
  }
  const show = (n) => {
    link.textContent = n ? say(gettext("Notifications (%(n)s)"), { n }) : gettext("Notifications");
    link.setAttribute("aria-label", n
      ? say(ngettext("%(n)s unread notification", "%(n)s unread notifications", n), { n })
      : gettext("Notifications"));
    link.classList.toggle("bell--unread", n > 0);
  };
  show(info.unread);
  const refresh = async () => {
    try {
      const res = await fetch("/community/notifications/unread", { credentials: "same-origin" });
      const data = await res.json();
      if (data.authenticated) show(data.unread);
    } catch { /* next time */ }
  };
  // At once when a comment event concerns this reader (the forum calls it),
  // and every 30 s while the tab is visible: no connection of its own.
  bellRefresh = refresh;
  // Another part of the page expects a notification (ask.js, after a new post).
  document.addEventListener("newsline:bell-refresh", () => refresh());
  setInterval(() => { if (!document.hidden) refresh(); }, 30000);
}

// The forum -----------------------------------------------------------------

class Forum {
  constructor(root) {
    this.root = root;
    this.slug = root.dataset.slug;
    this.sort = "newest";
    this.head = 0;
    this.buffer = [];
    this.me = null;
    this.total = root.querySelector("[data-comment-total]");
  }

  async load(sort = this.sort) {
    this.sort = sort;
    const res = await fetch(`/live/${this.slug}/comments/thread?sort=${sort}`);
    if (!res.ok) return;
    const fragment = html(await res.text());
    this.thread?.remove();
    this.thread = fragment;
    this.head = Number(fragment.dataset.head);
    this.list = fragment.querySelector("[data-comments]");
    this.buffer = [];
    this.newButton.hidden = true;
    this.setCount(Number(fragment.dataset.count));
    this.root.append(fragment);
    this.decorate(fragment);
    fragment.querySelector("[data-more-comments]")?.addEventListener("click", (e) => this.more(e));
  }

  async more(event) {
    event.preventDefault();
    const link = event.currentTarget;
    const res = await fetch(`/live/${this.slug}/comments/thread?sort=${this.sort}&page=${link.dataset.page}`);
    const fragment = html(await res.text());
    for (const card of [...fragment.querySelector("[data-comments]").children]) {
      if (!document.getElementById(card.id)) this.list.append(card);
    }
    this.decorate(this.list);
    const next = fragment.querySelector("[data-more-comments]");
    if (next) { link.dataset.page = next.dataset.page; } else { link.parentElement.remove(); }
  }

  setCount(n) {
    this.count = n;
    if (this.total) this.total.textContent = `(${n})`;
  }

  build() {
    this.root.querySelector("[data-forum-nojs]")?.remove();
    const bar = document.createElement("div");
    bar.className = "forum__bar";
    bar.innerHTML = `<span class="forum__sorts" role="group" aria-label="${gettext("Sort comments")}">
      <button type="button" data-sort="newest" aria-pressed="true">${gettext("Newest")}</button>
      <button type="button" data-sort="oldest" aria-pressed="false">${gettext("Oldest")}</button>
      <button type="button" data-sort="liked" aria-pressed="false">${gettext("Most liked")}</button></span>
      <a class="forum__page-link" href="/live/${this.slug}/comments/">${gettext("Open the comments page")}</a>`;
    bar.addEventListener("click", (e) => {
      const b = e.target.closest("[data-sort]");
      if (!b) return;
      bar.querySelectorAll("[data-sort]").forEach((x) => x.setAttribute("aria-pressed", String(x === b)));
      this.load(b.dataset.sort);
    });
    this.slot = document.createElement("div");
    this.slot.className = "forum__composer-slot";
    this.newButton = document.createElement("button");
    this.newButton.type = "button";
    this.newButton.className = "new-comments";
    this.newButton.dataset.newComments = "";
    this.newButton.hidden = true;
    this.newButton.addEventListener("click", () => this.reveal());
    this.root.append(this.slot, bar, this.newButton);
  }

  // Personal parts ----------------------------------------------------------

  async personalise(account) {
    if (!account.authenticated) {
      const a = document.createElement("p");
      a.className = "forum__notice";
      const url = `/accounts/login/?next=${encodeURIComponent(location.pathname + "#comments")}`;
      a.innerHTML = say(gettext('<a href="%(url)s">Sign in</a> to join the conversation.'), { url });
      this.slot.append(a);
      return;
    }
    const res = await fetch(`/live/${this.slug}/comments/mine`, { credentials: "same-origin" });
    this.me = await res.json();
    if (this.me.composer) {
      this.composer = html(this.me.composer);
      this.slot.append(this.composer);
      this.composer.addEventListener("submit", (e) => this.submit(e));
      this.composer.querySelector("[data-cancel-reply]").addEventListener("click", () => this.replyTo(null));
    } else {
      const p = document.createElement("p");
      p.className = "forum__notice";
      p.textContent = this.me.blocked ? this.me.blocked
        : !this.me.open ? this.me.closed_reason
        : this.me.needs_verification ? gettext("Verify your email address to comment: follow the link we sent you.")
        : gettext("You cannot comment at the moment.");
      this.slot.append(p);
    }
    if (this.me.can_comment) this.keyEventsButton();
    for (const item of this.me.pending || []) {
      if (!document.getElementById(`comment-${item.id}`)) this.place(html(item.html), item.parent, true);
    }
    if (this.thread) this.decorate(this.thread);
  }

  keyEventsButton() {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "forum__key-events";
    const label = () => { b.textContent = this.me.follows_key_events ? gettext("Stop key-event alerts") : gettext("Alert me to key events"); };
    label();
    b.addEventListener("click", async () => {
      const r = await post(`/live/${this.slug}/comments/key-events`, this.me.follows_key_events ? { undo: "1" } : {}, this.me.csrf);
      if (r.ok) { this.me.follows_key_events = r.following; label(); }
    });
    this.root.querySelector(".forum__bar")?.append(b);
  }

  decorate(scope) {
    for (const card of scope.querySelectorAll("[data-comment]")) this.decorateCard(card);
  }

  decorateCard(card) {
    const me = this.me;
    const id = card.dataset.comment;
    const actions = card.querySelector(":scope > .comment__footer [data-actions]");
    if (!actions || !me || !me.user_id) return;
    actions.replaceChildren();
    const button = (label, fn, attrs = {}) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      Object.assign(b.dataset, attrs);
      b.addEventListener("click", fn);
      actions.append(b, " ");
      return b;
    };
    const own = me.mine && me.mine[id];
    const pending = card.classList.contains("comment--pending");
    if (me.composer && !pending) button(gettext("Reply"), () => this.replyTo(card));
    if (!own && me.can_comment && !pending) {
      const liked = (me.liked || []).includes(Number(id));
      // The state lives in data-liked, not in the button's (translated) words.
      const like = button(liked ? gettext("Unlike") : gettext("Like"), async () => {
        const undo = like.dataset.liked === "true";
        const r = await post(`/comments/${id}/like`, undo ? { undo: "1" } : {}, me.csrf);
        if (!r.ok) return this.flash(card, r.error);
        like.dataset.liked = String(r.liked);
        like.textContent = r.liked ? gettext("Unlike") : gettext("Like");
        card.querySelector("[data-like-count]").textContent = r.likes;
      }, { liked: String(liked) });
      button(gettext("Report"), () => this.report(card));
    }
    if (own && own.body != null && me.edit_seconds && Date.now() - Date.parse(own.created) < me.edit_seconds * 1000) {
      button(gettext("Edit"), () => this.edit(card, own));
    }
    if (own) {
      button(gettext("Delete"), async () => {
        if (!confirm(gettext("Delete your comment?"))) return;
        const r = await post(`/comments/${id}/delete`, {}, me.csrf);
        if (!r.ok) return this.flash(card, r.error);
        this.removeCard(card);
      });
    }
    if (me.can_moderate && !pending) {
      const featured = card.classList.contains("comment--featured");
      button(featured ? gettext("Unfeature") : gettext("Feature"), async () => {
        const action = featured ? "unfeature" : "feature";
        const r = await post(`/community/moderate/comments/${id}`, { action }, me.csrf);
        this.flash(card, r.ok ? r.message : r.error);
      });
    }
    if (me.can_promote && !pending) {
      button(gettext("Quote in the live blog"), async () => {
        const r = await post(`/community/moderate/comments/${id}`, { action: "promote" }, me.csrf);
        this.flash(card, r.ok ? r.message : r.error);
      });
    }
    const author = Number(card.dataset.author);
    if (author && (me.muted || []).includes(author) && !card.dataset.collapsed) {
      card.dataset.collapsed = "true";
      card.classList.add("comment--muted");
      const show = document.createElement("button");
      show.type = "button";
      show.className = "comment__unmute";
      show.textContent = gettext("Comment from someone you muted: show");
      show.addEventListener("click", () => { card.classList.remove("comment--muted"); show.remove(); });
      card.prepend(show);
    }
  }

  flash(card, message) {
    let note = card.querySelector(":scope > [data-flash]");
    if (!note) {
      note = document.createElement("p");
      note.className = "comment__flash";
      note.dataset.flash = "";
      note.setAttribute("role", "status");
      card.querySelector(":scope > .comment__footer").after(note);
    }
    note.textContent = message;
  }

  replyTo(card) {
    if (!this.composer) return;
    const parent = this.composer.querySelector("[data-parent]");
    const label = this.composer.querySelector("[data-replying]");
    const cancel = this.composer.querySelector("[data-cancel-reply]");
    if (card) {
      parent.value = card.dataset.comment;
      label.textContent = say(gettext("Replying to %(name)s"), { name: card.querySelector(".comment__author").textContent });
      label.hidden = cancel.hidden = false;
      card.querySelector(":scope > .comment__footer").after(this.composer);
    } else {
      parent.value = "";
      label.hidden = cancel.hidden = true;
      this.slot.append(this.composer);
    }
    this.composer.querySelector("textarea").focus();
  }

  async submit(event) {
    event.preventDefault();
    const form = this.composer;
    const error = form.querySelector("[data-composer-error]");
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return; // a double click
    button.disabled = true;
    error.hidden = true;
    try {
      const r = await post(form.action, new FormData(form), this.me.csrf);
      if (!r.comment || r.status === "rejected") {
        error.textContent = r.error || r.message;
        error.hidden = false;
        return; // the text stays in the box
      }
      const card = html(r.comment.html);
      this.place(card, r.comment.parent, true);
      this.me.mine[String(r.comment.id)] = { created: new Date().toISOString(), body: form.body.value };
      this.decorateCard(card);
      form.querySelector("textarea").value = "";
      if (r.status === "pending") this.flash(card, r.message);
      this.replyTo(null);
      card.scrollIntoView({ block: "nearest" });
    } finally {
      button.disabled = false;
    }
  }

  report(card) {
    if (card.querySelector("[data-report-form]")) return;
    const form = html(`<form class="comment__report" data-report-form>
      <label>${gettext("Why are you reporting this comment?")}
      <select name="reason"><option value="abuse">${gettext("Abusive or harassing")}</option><option value="spam">${gettext("Spam or advertising")}</option>
      <option value="off_topic">${gettext("Off topic")}</option><option value="misinformation">${gettext("False or misleading")}</option><option value="other">${gettext("Something else")}</option></select></label>
      <input name="note" maxlength="500" placeholder="${gettext("Anything a moderator should know (optional)")}" aria-label="${gettext("Note for the moderators")}">
      <button type="submit">${gettext("Send report")}</button></form>`);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await post(`/comments/${card.dataset.comment}/report`, new FormData(form), this.me.csrf);
      form.remove();
      this.flash(card, r.ok ? r.message : r.error);
    });
    card.querySelector(":scope > .comment__footer").after(form);
  }

  edit(card, own) {
    if (card.querySelector("[data-edit-form]")) return;
    const form = html(`<form class="comment__edit" data-edit-form><label>${gettext("Edit your comment")}<textarea name="body" rows="3"></textarea></label>
      <button type="submit">${gettext("Save")}</button> <button type="button" data-cancel>${gettext("Cancel")}</button></form>`);
    form.body.value = own.body;
    form.querySelector("[data-cancel]").addEventListener("click", () => form.remove());
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const r = await post(`/comments/${card.dataset.comment}/edit`, new FormData(form), this.me.csrf);
      if (!r.ok) return this.flash(card, r.error);
      own.body = form.body.value;
      this.replaceCard(card, html(r.comment.html));
    });
    card.querySelector(":scope > .comment__body").after(form);
  }

  // Placing cards -------------------------------------------------------------

  place(card, parentId, mine = false) {
    if (document.getElementById(card.id)) return this.replaceCard(document.getElementById(card.id), card);
    const parent = parentId && document.getElementById(`comment-${parentId}`);
    if (parent) {
      parent.querySelector(":scope > [data-replies]").append(card);
    } else if (this.list) {
      if (this.sort === "oldest" && !mine) this.list.append(card); else this.list.prepend(card);
    }
    this.thread?.querySelector("[data-forum-empty]")?.remove();
    this.decorateCard(card);
  }

  replaceCard(old, fresh) {
    const replies = old.querySelector(":scope > [data-replies]");
    fresh.querySelector(":scope > [data-replies]").replaceWith(replies);
    if (old.classList.contains("comment--pending") && !fresh.classList.contains("comment--pending")) { /* approved */ }
    old.replaceWith(fresh);
    this.decorateCard(fresh);
  }

  removeCard(card) {
    const replies = card.querySelector(":scope > [data-replies]");
    if (replies && replies.children.length) {
      card.querySelector(":scope > .comment__body").innerHTML = `<p><em>${gettext("This comment was removed.")}</em></p>`;
      card.querySelector(":scope > .comment__footer")?.remove();
    } else {
      card.remove();
    }
  }

  // Live ------------------------------------------------------------------------

  apply(event) {
    if (event.seq <= this.head) return;
    this.head = event.seq;
    if (typeof event.count === "number") this.setCount(event.count);
    const c = event.comment;
    if (!c) { if (event.kind === "thread.updated" && !event.open) this.composer?.remove(); return; }
    const existing = document.getElementById(`comment-${c.id}`);
    if (event.kind === "comment.removed") { if (existing) this.removeCard(existing); return; }
    if (event.kind === "comment.updated") { if (existing) this.replaceCard(existing, html(c.html)); return; }
    if (event.kind === "comment.posted" && this.concernsMe(c)) setTimeout(() => bellRefresh?.(), 300);
    if (event.kind === "comment.posted") {
      if (existing) { this.replaceCard(existing, html(c.html)); return; } // mine, now approved
      // New comments wait behind a button, so nothing moves while someone reads.
      this.buffer.push(c);
      const n = this.buffer.length;
      this.newButton.textContent = say(ngettext("%(n)s new comment: show", "%(n)s new comments: show", n), { n });
      this.newButton.hidden = false;
    }
  }

  concernsMe(c) {
    const me = this.me;
    if (!me || !me.user_id || c.author === me.user_id) return false;
    return Boolean((c.parent && me.mine[String(c.parent)]) || c.reply_to === me.user_id
      || (me.following || []).includes(c.author));
  }

  reveal() {
    for (const c of this.buffer) this.place(html(c.html), c.parent);
    this.buffer = [];
    this.newButton.hidden = true;
  }

  listen() {
    // Comments ride on the live blog's own stream (one connection per tab) as
    // named "comments" events; live.js may replace its EventSource on errors.
    const attached = new WeakSet();
    const attach = () => {
      const source = window.newsline?.blog?.source;
      if (!source || attached.has(source)) return;
      attached.add(source);
      source.addEventListener("comments", (e) => { try { this.apply(JSON.parse(e.data)); } catch { /* ignore */ } });
    };
    attach();
    setInterval(attach, 2000);
    // Catch up once (anything between the fragment and the stream's start),
    // then poll only while the blog's stream is missing or closed.
    this.catchUp();
    setInterval(() => {
      const source = window.newsline?.blog?.source;
      if (!document.hidden && (!source || source.readyState === 2)) this.catchUp();
    }, 15000);
  }

  async catchUp() {
    try {
      const res = await fetch(`/live/${this.slug}/comments/updates?after=${this.head}`);
      if (!res.ok) return;
      const data = await res.json();
      for (const event of data.events) this.apply(event);
    } catch { /* the next poll */ }
  }

  async start() {
    this.build();
    await this.load();
    this.listen();
    this.personalise(await me());
  }
}

const forumRoot = document.querySelector("[data-forum]");
if (forumRoot) new Forum(forumRoot).start();
frontCounts();
me().then((account) => { if (account.authenticated && account.community) bell(account.community); });
