// The newsroom desk's small enhancements. Every desk page works without
// this file; with it:
// - the rich-text editor's editable area gets the accessible name of its
//   field's <label> ("Body") and the field's error/help descriptions;
// - Ctrl/Cmd+Enter anywhere in a post form (the editor included) submits it;
// - article-card fields leave the form while the post type is "Update";
// - the compose form is saved to this device (localStorage, one draft per
//   blog) as you type, restored into an empty form on load, and forgotten
//   once the desk confirms the post was published (data-published="true");
// - the compose form is also saved to the desk as a server draft every few
//   seconds while typing (data-autosave-url);
// - a preview of the post as readers will see it follows typing;
// - keyboard shortcuts, listed on "?";
// - who else has the blog open, and which post they are editing (presence);
// - forms with data-confirm ask before they submit.

import { gettext, lang, ngettext, timeOfDay } from "./i18n.js";

const SAVE_DELAY_MS = 400;

// Editor accessibility ------------------------------------------------------

function labelFor(textarea) {
  if (!textarea.id) return null;
  return document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`);
}

function describeEditor(editable) {
  const wrapper = editable.closest(".prose-editor");
  const textarea = wrapper && wrapper.querySelector("textarea");
  if (!textarea || editable.dataset.deskDescribed) return;
  editable.dataset.deskDescribed = "true";
  const label = labelFor(textarea);
  editable.setAttribute("role", "textbox");
  editable.setAttribute("aria-multiline", "true");
  editable.setAttribute("aria-label", label ? label.textContent.trim() : gettext("Body"));
  for (const name of ["aria-describedby", "aria-invalid"]) {
    const value = textarea.getAttribute(name);
    if (value) editable.setAttribute(name, value);
  }
  if (label) {
    // The label points at the hidden textarea; send its clicks to the editor.
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editable.focus();
    });
  }
}

function describeEditors(root = document) {
  root.querySelectorAll(".prose-editor .ProseMirror").forEach(describeEditor);
}

function watchForEditors() {
  document.addEventListener("prose-editor:ready", (event) => {
    const textarea = event.detail && event.detail.textarea;
    const wrapper = textarea ? textarea.closest(".prose-editor") : null;
    describeEditors(wrapper || document);
  });
  describeEditors();
  // The editor may be built after this script runs; watch briefly for it.
  const observer = new MutationObserver(() => describeEditors());
  observer.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => observer.disconnect(), 10000);
}

function editorFor(textarea) {
  const wrapper = textarea.closest(".prose-editor");
  const editable = wrapper && wrapper.querySelector(".ProseMirror");
  // Tiptap keeps its editor on the editable element.
  return editable && editable.editor ? editable.editor : null;
}

// Keyboard ------------------------------------------------------------------

function submitOnCtrlEnter(form) {
  form.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
      // Capture phase: handled before the editor turns it into a new line.
      event.preventDefault();
      event.stopPropagation();
      // The form's main button (Publish, or Submit for a contributor), so
      // the server gets its intent.
      form.requestSubmit(form.querySelector('button.button--primary[name="intent"]') || undefined);
    },
    true,
  );
}

function preventDoubleSubmit(form) {
  form.addEventListener("submit", (event) => {
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "true";
  });
  // Coming back to this page from history: the form may be sent again.
  window.addEventListener("pageshow", () => delete form.dataset.submitting);
}

// Post type -----------------------------------------------------------------

function toggleArticleFields(form) {
  const fields = form.querySelector("[data-article-fields]");
  const radios = form.querySelectorAll('input[name="kind"]');
  if (!fields || !radios.length) return;
  // While "Update" is chosen the card's fields are taken out of the page, not
  // just hidden, so "Headline" names one field only; they keep their values
  // and come back in place when "Article card" is chosen.
  const placeholder = document.createComment(" article card fields ");
  fields.before(placeholder);
  const update = () => {
    const chosen = form.querySelector('input[name="kind"]:checked');
    const show = Boolean(chosen) && chosen.value === "article";
    if (show && !fields.isConnected) placeholder.after(fields);
    if (!show && fields.isConnected) fields.remove();
  };
  radios.forEach((radio) => radio.addEventListener("change", update));
  update();
}

// Drafts on this device ------------------------------------------------------

const storage = {
  get(key) {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false; // Private browsing or a full quota: no draft, no harm.
    }
  },
  remove(key) {
    try {
      localStorage.removeItem(key);
    } catch {
      /* nothing stored */
    }
  },
};

function draftFields(form) {
  return [...form.elements].filter(
    (el) => el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit" && el.type !== "hidden",
  );
}

function readDraft(form) {
  const values = {};
  for (const el of draftFields(form)) {
    if (el.type === "radio") {
      if (el.checked) values[el.name] = el.value;
    } else if (el.type === "checkbox") {
      values[el.name] = el.checked;
    } else {
      values[el.name] = el.value;
    }
  }
  return values;
}

function hasText(values) {
  return Object.entries(values).some(
    ([name, value]) => typeof value === "string" && name !== "kind" && name !== "label" && value.trim() !== "",
  );
}

function writeDraft(form, values) {
  // The post type first: choosing it brings the article card's fields back.
  for (const el of draftFields(form)) {
    if (el.type === "radio" && el.name in values) {
      el.checked = el.value === values[el.name];
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }
  for (const el of draftFields(form)) {
    if (!(el.name in values) || el.type === "radio") continue;
    const value = values[el.name];
    if (el.type === "checkbox") {
      el.checked = Boolean(value);
    } else {
      el.value = value;
      const editor = el.tagName === "TEXTAREA" ? editorFor(el) : null;
      if (editor) editor.commands.setContent(value);
    }
  }
}

function timeNow() {
  return timeOfDay(new Date());
}

function autosave(form) {
  const key = form.dataset.draftKey;
  const status = form.querySelector("[data-draft-status]");
  if (!key) return;
  const say = (text) => {
    if (status) status.textContent = text;
  };

  if (form.dataset.published === "true") {
    storage.remove(key);
  } else {
    const saved = storage.get(key);
    if (saved && saved.values && !hasText(readDraft(form)) && hasText(saved.values)) {
      writeDraft(form, saved.values);
      const draft = form.querySelector('input[name="draft"]');
      if (draft && saved.draft) draft.value = saved.draft;
      say(gettext("Draft restored from this device."));
      addDiscardButton(form, key, say);
    }
  }

  let timer = null;
  const save = () => {
    timer = null;
    const values = readDraft(form);
    if (!hasText(values)) {
      storage.remove(key);
      say("");
      return;
    }
    const draft = form.querySelector('input[name="draft"]');
    if (storage.set(key, { values, draft: draft ? draft.value : "", savedAt: new Date().toISOString() })) {
      say(gettext("Draft saved on this device at %(time)s.", { time: timeNow() }));
      addDiscardButton(form, key, say);
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  // The editor copies its HTML into the textarea and fires "input" there.
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  serverAutosave(form, say);
  // Save what is typed right now if the page is left before the delay ends.
  window.addEventListener("pagehide", () => timer && save());
}

// Drafts on the server --------------------------------------------------------
// Besides this device, the compose form saves to the desk every few seconds
// while typing (data-autosave-url): the draft survives a lost laptop and is
// listed under "Your drafts". Offline, the copy on this device still holds.

const SERVER_SAVE_DELAY_MS = 3000;

function serverAutosave(form, say) {
  const url = form.dataset.autosaveUrl;
  const draftInput = form.querySelector('input[name="draft"]');
  if (!url || !draftInput) return;
  let timer = null;
  let inFlight = false;
  const save = async () => {
    timer = null;
    if (inFlight || form.dataset.submitting) return;
    const values = readDraft(form);
    if (!hasText(values)) return;
    const data = new FormData(form);
    data.delete("intent");
    inFlight = true;
    try {
      const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
      if (response.ok) {
        const body = await response.json();
        draftInput.value = String(body.id);
        form.dataset.serverDraft = String(body.id);
        say(gettext("Draft saved on the desk at %(time)s.", { time: body.saved_at }));
      } else if (response.status !== 400) {
        say(gettext("Draft saved on this device at %(time)s (the desk did not answer).", { time: timeNow() }));
      }
    } catch {
      say(gettext("Draft saved on this device at %(time)s (offline).", { time: timeNow() }));
    } finally {
      inFlight = false;
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SERVER_SAVE_DELAY_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => timer && clearTimeout(timer));
}

function addDiscardButton(form, key, say) {
  if (form.querySelector("[data-discard-draft]")) return;
  const status = form.querySelector("[data-draft-status]");
  if (!status) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--quiet button--small";
  button.dataset.discardDraft = "";
  button.textContent = gettext("Discard draft");
  button.addEventListener("click", () => {
    storage.remove(key);
    form.reset();
    for (const el of draftFields(form)) {
      if (el.tagName === "TEXTAREA") {
        el.value = "";
        const editor = editorFor(el);
        if (editor) editor.commands.clearContent();
      }
    }
    form.querySelectorAll('input[name="kind"]').forEach((r) => r.dispatchEvent(new Event("change", { bubbles: true })));
    button.remove();
    say(gettext("Draft discarded."));
  });
  status.after(button);
}

// Preview beside the composer -------------------------------------------------
// The server renders the reader's own post card from the form's unsaved
// fields; it is shown in a script-less frame with the reader's stylesheet.

const PREVIEW_DELAY_MS = 700;

function livePreview(form) {
  const url = form.dataset.previewUrl;
  const section = form.parentElement.querySelector("[data-preview]");
  const frame = section && section.querySelector("[data-preview-frame]");
  if (!url || !frame) return;
  let timer = null;
  let latest = 0;
  const refresh = async () => {
    timer = null;
    const data = new FormData(form);
    data.delete("intent");
    if (form.dataset.previewPost) data.set("post", form.dataset.previewPost);
    const ticket = ++latest;
    try {
      const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
      if (ticket !== latest || response.status === 429) return; // a newer one is on its way
      frame.srcdoc = await response.text();
    } catch {
      /* offline: keep the last preview */
    }
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(refresh, PREVIEW_DELAY_MS);
  };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // With the script, "Preview" refreshes in place instead of reloading the page.
  form.querySelectorAll("[data-preview-button]").forEach((button) =>
    button.addEventListener("click", (event) => {
      event.preventDefault();
      refresh();
      frame.scrollIntoView({ block: "nearest" });
    }),
  );
  // Fit the frame to the card.
  frame.addEventListener("load", () => {
    try {
      const height = frame.contentDocument.documentElement.scrollHeight;
      frame.style.height = `${Math.min(Math.max(height, 120), 1200)}px`;
    } catch {
      /* not readable: keep the default height */
    }
  });
  if (hasText(readDraft(form))) later();
}

// Keyboard shortcuts ------------------------------------------------------------
// Listed in the "?" dialog (liveblogs/desk/_shortcuts.html). Single keys work
// only outside text fields, so typing is never taken over.

function inTextField(target) {
  return Boolean(
    target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], .ProseMirror"),
  );
}

function clickIf(selector) {
  const el = document.querySelector(selector);
  if (el) el.click();
  return Boolean(el);
}

function shortcuts() {
  const dialog = document.querySelector("[data-shortcuts]");
  const composeForm = document.querySelector("form[data-post-form]");
  document.addEventListener("keydown", (event) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === "s" && composeForm) {
      // Save a draft instead of the browser's "save page".
      const draft = composeForm.querySelector('button[name="intent"][value="draft"]');
      if (draft) {
        event.preventDefault();
        composeForm.requestSubmit(draft);
      }
      return;
    }
    if (mod && event.shiftKey && event.key.toLowerCase() === "p" && composeForm) {
      event.preventDefault();
      clickIf("[data-preview-button]");
      return;
    }
    if (mod || event.altKey || inTextField(event.target)) return;
    if (dialog && dialog.open) return; // the dialog handles Escape itself
    switch (event.key) {
      case "?":
        if (dialog) {
          event.preventDefault();
          dialog.showModal();
        }
        break;
      case "n": {
        const headline = composeForm && composeForm.querySelector('input[name="headline"]');
        if (headline) {
          event.preventDefault();
          headline.focus();
          headline.scrollIntoView({ block: "center" });
        }
        break;
      }
      case "a": {
        const queue = document.getElementById("queue-title");
        if (queue) {
          event.preventDefault();
          queue.scrollIntoView();
          const first = queue.parentElement.querySelector("a, button");
          if (first) first.focus();
        }
        break;
      }
      case "t": {
        const timeline = document.getElementById("timeline-title");
        if (timeline) {
          event.preventDefault();
          timeline.scrollIntoView();
        }
        break;
      }
      case "h":
        event.preventDefault();
        window.location.assign(document.querySelector(".desk-header__name").getAttribute("href"));
        break;
      default:
    }
  });
  if (dialog) {
    dialog.querySelector("[data-shortcuts-close]")?.addEventListener("click", () => dialog.close());
  }
}

// Presence: who else has this blog open -----------------------------------------
// A heartbeat to the desk every few seconds says "I am here (editing post N)";
// the answer lists everyone else, shown above the page and on the posts they
// are editing. Changes also arrive at once on the blog's private desk stream
// (staff only, never the public one); each carries everyone present. If the
// stream is down, the heartbeat's answer still brings the list.

function presence() {
  const box = document.querySelector("[data-presence]");
  const token = document.querySelector('input[name="csrfmiddlewaretoken"]');
  if (!box || !token) return;
  const url = box.dataset.presenceUrl;
  const post = box.dataset.presencePost || "";
  const me = box.dataset.presenceMe;
  let every = 15000;
  const body = (extra = {}) => {
    const data = new FormData();
    data.set("csrfmiddlewaretoken", token.value);
    if (post) data.set("post", post);
    for (const [k, v] of Object.entries(extra)) data.set(k, v);
    return data;
  };
  const show = (everyone) => {
    const people = everyone.filter((p) => String(p.id) !== me);
    document.querySelectorAll("[data-editing-badge]").forEach((el) => el.remove());
    if (!people.length) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    const parts = people.map((p) => (p.editing
      ? gettext("%(name)s (editing “%(title)s”)", { name: p.name, title: p.editing.title }) : p.name));
    box.textContent = gettext("Also here: %(people)s", { people: new Intl.ListFormat(lang).format(parts) });
    box.hidden = false;
    for (const p of people) {
      const card = p.editing && document.getElementById(`post-${p.editing.id}`);
      if (!card) continue;
      const badge = document.createElement("span");
      badge.className = "tag tag--editing";
      badge.dataset.editingBadge = "";
      badge.textContent = `${p.name} is editing`;
      const meta = card.querySelector("header") || card;
      meta.prepend(badge);
    }
  };
  let timer;
  const beat = async () => {
    clearTimeout(timer);
    try {
      const response = await fetch(url, { method: "POST", body: body(), credentials: "same-origin" });
      if (response.ok) {
        const data = await response.json();
        show(data.people || []);
        if (data.heartbeat) every = data.heartbeat * 1000;
        document.dispatchEvent(new CustomEvent("desk:readers", { detail: data }));
      }
    } catch {
      /* offline: try again at the next beat */
    }
    timer = setTimeout(beat, every);
  };
  const listen = () => {
    if (!box.dataset.presenceStream || !window.EventSource) return;
    const stream = new EventSource(box.dataset.presenceStream);
    stream.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      if (data.people) show(data.people);
      if (data.kind === "readers") document.dispatchEvent(new CustomEvent("desk:readers", { detail: data }));
      // Every event, for other parts of the page (the readers' question inbox).
      document.dispatchEvent(new CustomEvent("desk:stream", { detail: data }));
    });
    // The log was lost (a cache flush): start again from now.
    stream.addEventListener("reset", () => {
      stream.close();
      setTimeout(listen, 1000);
    });
    stream.addEventListener("open", () => {
      box.dataset.presenceLive = "true";
      // Connected, or back after a gap: listeners reload what they show.
      document.dispatchEvent(new CustomEvent("desk:stream-open"));
    });
    stream.addEventListener("error", () => {
      // EventSource retries by itself; refused (signed out), it stops and the heartbeat carries on.
      delete box.dataset.presenceLive;
    });
  };
  beat().then(listen);
  window.addEventListener("pagehide", () => navigator.sendBeacon(url, body({ leave: "1" })));
}

// Readers now: how many have the blog's live page open.

function readersNow() {
  const box = document.querySelector("[data-readers-now]");
  if (!box) return;
  // From each heartbeat, and at once from the desk stream when readers come and go.
  document.addEventListener("desk:readers", (event) => {
    const n = event.detail.readers;
    if (typeof n !== "number") return;
    box.textContent = ngettext("%(count)s reader on the live page now", "%(count)s readers on the live page now", n);
  });
}

// Confirmations ---------------------------------------------------------------

function confirmBeforeSubmit(form) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // The server asks again on its own page unless it gets this field.
    if (!form.querySelector('input[name="confirmed"]')) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "confirmed";
      input.value = "yes";
      form.append(input);
    }
  });
}

// Start ------------------------------------------------------------------------

function start() {
  watchForEditors();
  document.querySelectorAll("form[data-post-form]").forEach((form) => {
    submitOnCtrlEnter(form);
    preventDoubleSubmit(form);
    toggleArticleFields(form);
    autosave(form);
    livePreview(form);
  });
  shortcuts();
  readersNow();
  presence();
  document.querySelectorAll("form[data-confirm]").forEach(confirmBeforeSubmit);
  // For browser tests and for styles that depend on the script.
  document.documentElement.dataset.deskReady = "true";
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
