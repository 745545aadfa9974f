// Membership on the reader page: "Save for later" and the support appeal.
// The page is the same bytes for everyone; what this reader sees is decided
// here from the private /me data (the "newsline:me" event from live.js).

// Django's JavaScript catalogue, loaded before this module (docs/i18n.md); English without it.
const gettext = window.gettext || ((text) => text);

const root = document.querySelector("[data-liveblog]");
const slug = root?.dataset.slug;
let me = null;
let appealData = null;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const membership = () => me?.membership || null;
const isPremium = () => Boolean(membership()?.premium);

async function postBookmark(body) {
  const m = membership();
  const res = await fetch(m.bookmark_url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": m.csrf, Accept: "application/json" },
    body: new URLSearchParams(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || gettext("Could not save. Please try again."));
  return data;
}

function setPressed(button, saved, label) {
  button.setAttribute("aria-pressed", saved ? "true" : "false");
  button.textContent = saved ? `${gettext("Saved")} ✓` : label;
}

function joinPanel() {
  const m = membership();
  const joinUrl = m?.join_url || "/membership/join/";
  const lapsed = m?.status === "lapsed";
  return el(
    "div",
    { class: "premium-prompt", "data-premium-prompt": "", role: "region", "aria-label": gettext("Premium") },
    el("p", { class: "premium-prompt__title", text: lapsed ? gettext("Your Premium membership has lapsed") : gettext("Subscribe to Premium to bookmark this story") }),
    el("p", { text: lapsed ? gettext("You can still read what you saved. Rejoin to save more.") : gettext("Premium members pay for journalism that stays free for everyone, and get:") }),
    el(
      "ul",
      {},
      el("li", { text: gettext("Save stories and single updates for later") }),
      el("li", { text: gettext("A Saved page with what is new since you saved") }),
      el("li", { text: gettext("Fewer requests for support") }),
    ),
    el("a", { class: "button button--primary", href: `${joinUrl}?next=${encodeURIComponent(location.pathname)}`, text: lapsed ? gettext("Rejoin Premium") : gettext("Join Premium") }),
  );
}

function renderStorySave() {
  const slot = document.querySelector("[data-membership-save]");
  if (!slot || !slug) return;
  slot.replaceChildren();
  const button = el("button", { type: "button", class: "button save-button", "data-save-story": "" });
  const status = el("span", { class: "save-status", role: "status", "aria-live": "polite" });
  slot.append(button, status);
  slot.hidden = false;
  if (!isPremium()) {
    button.textContent = gettext("Save for later");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => {
      let panel = slot.querySelector("[data-premium-prompt]");
      if (panel) {
        panel.remove();
        button.setAttribute("aria-expanded", "false");
        return;
      }
      panel = joinPanel();
      slot.append(panel);
      button.setAttribute("aria-expanded", "true");
      panel.querySelector("a")?.focus();
    });
    return;
  }
  const m = membership();
  setPressed(button, m.saved_blogs.includes(slug), gettext("Save for later"));
  slot.append(el("a", { class: "saved-link", href: m.saved_url, text: gettext("Your saved stories") }));
  button.addEventListener("click", async () => {
    const saved = button.getAttribute("aria-pressed") === "true";
    button.disabled = true;
    try {
      await postBookmark({ blog: slug, action: saved ? "remove" : "save" });
      setPressed(button, !saved, gettext("Save for later"));
      status.replaceChildren(
        saved ? gettext("Removed from your saved stories.") : gettext("Saved. "),
        saved ? "" : el("a", { href: m.saved_url, text: gettext("See your saved stories") }),
      );
    } catch (err) {
      status.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
}

function addPostButton(article) {
  if (!isPremium() || article.querySelector("[data-save-post]")) return;
  const footer = article.querySelector(".post__footer");
  const postId = article.id.replace("post-", "");
  if (!footer || !postId) return;
  const m = membership();
  const button = el("button", { type: "button", class: "post__save", "data-save-post": postId });
  setPressed(button, m.saved_posts.includes(Number(postId)), gettext("Save"));
  button.addEventListener("click", async () => {
    const saved = button.getAttribute("aria-pressed") === "true";
    button.disabled = true;
    try {
      await postBookmark({ blog: slug, post: postId, action: saved ? "remove" : "save" });
      setPressed(button, !saved, gettext("Save"));
    } catch (err) {
      button.title = err.message;
    } finally {
      button.disabled = false;
    }
  });
  footer.append(button);
}

function watchPosts() {
  if (!root) return;
  root.querySelectorAll("article[data-post]").forEach(addPostButton);
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches("article[data-post]")) addPostButton(n);
        n.querySelectorAll?.("article[data-post]").forEach(addPostButton);
      }
  }).observe(root, { childList: true, subtree: true });
}

// The appeal

function guessCurrency(data) {
  const lang = navigator.language || "";
  const guess = /-US$/.test(lang) ? "USD" : /^(de|fr|es|it|nl|pt|fi|el|ga|et|lv|lt|sk|sl)/.test(lang) ? "EUR" : data.default_currency;
  return data.currencies.includes(guess) ? guess : data.default_currency;
}

let appealCount = 0;
function appealForm(data, where) {
  appealCount += 1;
  const id = `appeal-${appealCount}`;
  let currency = guessCurrency(data);
  const form = el("form", { class: "appeal-form", method: "get", action: data.support_url });
  const freq = el("fieldset", { class: "appeal-form__frequency" }, el("legend", { text: gettext("How often") }));
  // appeal.json is one answer for every blog, in the site's language; the
  // page's own catalogue names the choices in the blog's language.
  const frequencyLabels = { one_off: gettext("One-off"), monthly: gettext("Monthly"), annual: gettext("Annual") };
  for (const f of data.frequencies) {
    const input = el("input", { type: "radio", name: "frequency", value: f.value, id: `${id}-${f.value}` });
    if (f.value === data.default_frequency) input.checked = true;
    freq.append(el("label", { for: `${id}-${f.value}`, class: "choice" }, input, ` ${frequencyLabels[f.value] || f.label}`));
  }
  const amounts = el("fieldset", { class: "appeal-form__amounts" }, el("legend", { text: gettext("Amount") }));
  const currencyInput = el("input", { type: "hidden", name: "currency", value: currency });
  const ladder = el("div", { class: "ladder" });
  function drawLadder() {
    ladder.replaceChildren();
    for (const step of data.ladders[currency] || []) {
      const input = el("input", { type: "radio", name: "amount", value: String(step.amount), id: `${id}-${currency}-${step.amount}` });
      if (step.default) input.checked = true;
      ladder.append(
        el("label", { for: input.id, class: `ladder__step${step.default ? " ladder__step--default" : ""}` }, input, ` ${data.symbols[currency] || ""}${step.amount}`),
      );
    }
  }
  drawLadder();
  const select = el("select", { "aria-label": gettext("Currency"), class: "appeal-form__currency" });
  for (const c of data.currencies) {
    const option = el("option", { value: c, text: c });
    if (c === currency) option.selected = true;
    select.append(option);
  }
  select.addEventListener("change", () => {
    currency = select.value;
    currencyInput.value = currency;
    drawLadder();
  });
  amounts.append(ladder, select, currencyInput);
  form.append(freq, amounts, el("button", { type: "submit", class: "button button--primary appeal__button", text: data.button_label }));
  return form;
}

function fillAppeal(box, data, where) {
  box.replaceChildren(
    el("h2", { class: "appeal__title", text: data.title, id: `appeal-title-${where}` }),
    el("p", { text: data.body }),
    appealForm(data, where),
    el("button", { type: "button", class: "appeal__dismiss button--quiet", "data-appeal-dismiss": "", text: gettext("Not now") }),
  );
  box.setAttribute("aria-labelledby", `appeal-title-${where}`);
  box.querySelector("[data-appeal-dismiss]").addEventListener("click", () => {
    sessionStorage.setItem("newsline:appeal-dismissed", "1");
    document.querySelectorAll("[data-appeal]").forEach((a) => (a.hidden = true));
  });
  box.hidden = false;
}

async function renderAppeal() {
  const asks = membership()?.asks || "all";
  const top = document.querySelector("[data-appeal]");
  const end = document.querySelector("[data-membership-appeal-end]");
  if (asks === "none" || sessionStorage.getItem("newsline:appeal-dismissed")) {
    document.querySelectorAll("[data-appeal]").forEach((a) => (a.hidden = true));
    return;
  }
  try {
    appealData = appealData || (await (await fetch(root?.dataset.appealUrl || "/support/appeal.json")).json());
  } catch {
    return; // the page's own appeal (a plain link) stays as it is
  }
  if (top) {
    // After the first few posts, never above the news.
    const posts = root?.querySelectorAll("[data-posts] > article[data-post]") || [];
    if (asks === "all" && posts.length >= 3) {
      // Sorted as the post it follows, so live.js places later posts around it correctly.
      top.dataset.sort = posts[2].dataset.sort;
      posts[2].after(top);
      fillAppeal(top, appealData, "inline");
    } else {
      top.hidden = true;
    }
  }
  if (end) {
    // A section (a region), not a second aside: the appeal above is a
    // complementary landmark with the same heading, and two landmarks of one
    // role and name cannot be told apart in a screen reader's landmark list.
    const box = el("section", { class: "appeal appeal--end", "data-appeal": "" });
    end.replaceChildren(box);
    fillAppeal(box, appealData, "end");
  }
}

// "Saved" and "Membership" beside "Your account" in the page's account slot,
// so a reader can find their saved stories from any page.
function renderAccountLinks() {
  const slot = document.querySelector("[data-account]");
  const m = me && me.authenticated && me.membership;
  if (!slot || !m || slot.querySelector("[data-membership-links]")) return;
  const links = el("span", { "data-membership-links": "" });
  const saved = el("a", { href: m.saved_url });
  saved.textContent = gettext("Saved");
  const account = el("a", { href: m.account_url });
  account.textContent = gettext("Membership");
  links.append(" · ", saved, " · ", account);
  slot.append(links);
  slot.hidden = false;
}

function start(detail) {
  if (me) return;
  me = detail;
  // After live.js and the accounts script have filled the slot.
  setTimeout(renderAccountLinks, 0);
  renderStorySave();
  watchPosts();
  renderAppeal();
}

document.addEventListener("newsline:me", (event) => start(event.detail));
if (window.newslineMe) start(window.newslineMe);
