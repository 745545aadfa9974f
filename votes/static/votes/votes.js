// Polls and reactions on the live blog page: live results and counts, and
// voting without leaving the page. The page works without this script (its
// forms lead to a private page per poll or post); this only keeps it fresh.
//
// Who votes: a signed-in reader by account (CSRF token from /votes/voter);
// anyone else by a signed voter token from /votes/voter, kept in
// localStorage and sent in the request body. Nothing personal is in the page.
//
// Words come from the JavaScript catalogue (votes/locale/*/djangojs.po) in the
// page's language, which is the blog's; numbers and percentages in its digits.

import { gettext, lang, ngettext } from "../liveblogs/i18n.js";

const root = document.querySelector("[data-liveblog]");
const TOKEN_KEY = "newsline:voter";
const POLL_MS = 10000;
const numbers = new Intl.NumberFormat(lang);
const percents = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
const percent = (whole) => percents.format(whole / 100);

const state = {
  polls: new Map(), // poll id -> latest result {total, closed, answers: [{index, votes, percent}]}
  reactions: new Map(), // post id -> {kind: count}
  mine: { polls: {}, reactions: {} },
  me: null,
};

function storedToken() {
  try { return localStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function storeToken(token) {
  try { localStorage.setItem(TOKEN_KEY, token); } catch { /* private mode: the /votes/ cookie still holds it */ }
}

function signedIn() {
  return document.cookie.split("; ").includes("nl_signed_in=1");
}

async function whoAmI(create = false) {
  // Private, never cached: the token, my votes and reactions on this blog.
  const url = new URL("/votes/voter", window.location.origin);
  url.searchParams.set("blog", root.dataset.slug);
  if (create) url.searchParams.set("new", "1");
  const headers = {};
  const token = storedToken();
  if (token) headers["X-Newsline-Voter"] = token;
  const res = await fetch(url, { headers, credentials: "same-origin", cache: "no-store" });
  const me = await res.json();
  if (!res.ok) throw new Error(me.error || "voter");
  if (me.token) storeToken(me.token);
  state.me = me;
  state.mine = { polls: me.polls || {}, reactions: me.reactions || {} };
  return me;
}

async function send(url, data) {
  let me = state.me;
  if (!me || (!me.account && !me.token)) me = await whoAmI(true);
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (me.csrf) headers["X-CSRFToken"] = me.csrf;
  const body = JSON.stringify(me.token ? { ...data, token: me.token } : data);
  const res = await fetch(url, { method: "POST", headers, body, credentials: "same-origin" });
  return { status: res.status, data: await res.json() };
}

// Polls --------------------------------------------------------------------

function showPoll(section) {
  const id = section.dataset.poll;
  const result = state.polls.get(id);
  const mine = state.mine.polls[id];
  const live = section.querySelector("[data-poll-live]");
  if (!live) return; // closed in the page itself: final figures are in the markup
  const form = section.querySelector("[data-poll-form]");
  if (mine !== undefined || result?.closed) {
    if (form) form.hidden = true;
  }
  if (!result) return;
  for (const a of result.answers) {
    const li = live.querySelector(`[data-answer="${a.index}"]`);
    if (!li) continue;
    const meter = li.querySelector("[data-meter]");
    meter.value = a.percent;
    meter.textContent = percent(a.percent);
    li.querySelector("[data-figure]").textContent = ngettext(
      "%(percent)s (%(count)s vote)", "%(percent)s (%(count)s votes)", a.votes, { percent: percent(a.percent) });
    const isMine = String(mine) === String(a.index);
    li.classList.toggle("poll-result--mine", isMine);
    const text = li.querySelector(".poll-result__text");
    if (isMine && !text.querySelector("[data-mine]")) {
      const label = document.createElement("span");
      label.className = "poll-result__mine";
      label.dataset.mine = "";
      label.textContent = gettext("(your vote)");
      text.append(" ", label);
    }
  }
  const total = live.querySelector("[data-poll-total]");
  if (total) total.textContent = ngettext("%(count)s vote in all", "%(count)s votes in all", result.total);
  live.hidden = false;
  if (result.closed) section.classList.add("poll--closed");
}

function say(section, text) {
  // Polite, and never moves focus: the reader stays where they are.
  const status = section.querySelector("[data-poll-status]");
  if (status) status.textContent = text;
}

async function vote(form) {
  const section = form.closest("[data-poll]");
  const chosen = form.querySelector("input[name=answer]:checked");
  if (!chosen) { say(section, gettext("Choose one of the answers.")); return; }
  const button = form.querySelector("button");
  button.disabled = true;
  try {
    // The answer says what happened: "accepted" (the fast lane: the vote is
    // in and will be written within a fraction of a second; the bars show it
    // with the next results event) or counted (the server wrote it already).
    const { data } = await send(section.dataset.voteUrl, { answer: Number(chosen.value) });
    say(section, data.message);
    if (data.mine !== null && data.mine !== undefined) state.mine.polls[section.dataset.poll] = data.mine;
    if (data.result) state.polls.set(section.dataset.poll, data.result);
    showPoll(section);
  } catch {
    form.submit(); // the private poll page takes over
  } finally {
    button.disabled = false;
  }
}

// Reactions ----------------------------------------------------------------

function showReactions(form) {
  const id = form.dataset.reactions;
  const counts = state.reactions.get(id) || {};
  const mine = state.mine.reactions[id];
  for (const button of form.querySelectorAll("[data-reaction]")) {
    const kind = button.dataset.reaction;
    const n = counts[kind] || 0;
    button.querySelector("[data-count]").textContent = n ? numbers.format(n) : "";
    button.setAttribute("aria-pressed", String(mine === kind));
  }
}

async function react(button) {
  const form = button.closest("[data-reactions]");
  const id = form.dataset.reactions;
  const kind = state.mine.reactions[id] === button.dataset.reaction ? "" : button.dataset.reaction;
  button.disabled = true;
  try {
    const { status, data } = await send(form.action, { reaction: kind });
    if (status === 200) {
      if (data.accepted) {
        // Accepted, not yet counted: move this reader's own reaction in the
        // counts we hold; the next results event brings everyone's.
        const counts = { ...(state.reactions.get(id) || {}) };
        const before = state.mine.reactions[id];
        if (before && counts[before]) counts[before] -= 1;
        if (data.mine) counts[data.mine] = (counts[data.mine] || 0) + 1;
        state.reactions.set(id, counts);
      } else {
        state.reactions.set(id, data.counts);
      }
      if (data.mine) state.mine.reactions[id] = data.mine; else delete state.mine.reactions[id];
      showReactions(form);
    } else {
      button.title = data.message;
    }
  } catch {
    window.location.href = `${form.action}?reaction=${encodeURIComponent(button.dataset.reaction)}`;
  } finally {
    button.disabled = false;
  }
}

// Live ---------------------------------------------------------------------

function applyResults(data) {
  for (const p of data.polls || []) state.polls.set(String(p.poll), p);
  for (const r of data.reactions || []) state.reactions.set(String(r.post), r.counts);
  refresh();
}

function refresh(scope = document) {
  scope.querySelectorAll("[data-poll]").forEach(showPoll);
  scope.querySelectorAll("[data-reactions]").forEach(showReactions);
}

async function loadResults() {
  try {
    const res = await fetch(`/votes/blogs/${root.dataset.slug}/results`);
    if (res.ok) applyResults(await res.json());
  } catch { /* the next event or poll */ }
}

function listen() {
  // Results ride on the blog's own stream (one connection per tab) as named
  // "votes" events; live.js may replace its EventSource, so look again now and then.
  const attached = new WeakSet();
  const attach = () => {
    const source = window.newsline?.blog?.source;
    if (!source || attached.has(source)) return;
    attached.add(source);
    source.addEventListener("votes", (e) => { try { applyResults(JSON.parse(e.data)); } catch { /* ignore */ } });
    // Anything missed while (re)connecting, or before this script found the
    // stream: counts are snapshots, so fetch them, and once more after the
    // results' one-second cache, in case the first answer predates an event we missed.
    const catchUp = () => { loadResults(); setTimeout(loadResults, 1500); };
    source.addEventListener("open", catchUp);
    if (source.readyState === 1) catchUp();
  };
  attach();
  setInterval(attach, 500);
  setInterval(() => {
    const source = window.newsline?.blog?.source;
    if (!document.hidden && root.dataset.status === "live" && (!source || source.readyState === 2)) loadResults();
  }, POLL_MS);
}

function setup() {
  document.addEventListener("submit", (event) => {
    const form = event.target.closest?.("[data-poll-form]");
    if (!form) return;
    event.preventDefault();
    vote(form);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-reaction]");
    if (!button || !button.closest("[data-liveblog]")) return;
    event.preventDefault();
    react(button);
  });
  // Cards that arrive or are replaced live (live.js) get the counts we hold.
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) if (node.nodeType === 1) refresh(node);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
}

if (root && (root.querySelector("[data-poll]") || root.querySelector("[data-reactions]") || root.dataset.status === "live")) {
  setup();
  loadResults();
  listen();
  if (storedToken() || signedIn()) whoAmI().then(() => refresh()).catch(() => {});
}
