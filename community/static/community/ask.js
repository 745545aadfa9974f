// "Ask the newsroom" on the blog page. The page is the same for everyone;
// for a signed-in reader this swaps the section's link for the question form
// (from /live/<slug>/ask/form, private, with its CSRF token) and sends it with
// fetch, keeping the text if it is refused. Without this script the link
// opens the form's own page. After a question is sent, each new post on the
// blog's stream asks the bell to look again: the answer's notification is
// written with the post, so the reader sees it arrive.

const slot = document.querySelector("[data-ask]");

function me() {
  return new Promise((resolve) => {
    if (window.newslineMe) return resolve(window.newslineMe);
    document.addEventListener("newsline:me", (e) => resolve(e.detail), { once: true });
  });
}

function say(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

function watchForAnswers() {
  if (slot.dataset.askWatching) return;
  slot.dataset.askWatching = "true";
  const attached = new WeakSet();
  const attach = () => {
    const source = window.newsline?.blog?.source;
    if (!source || attached.has(source)) return;
    attached.add(source);
    source.addEventListener("message", () => document.dispatchEvent(new CustomEvent("newsline:bell-refresh")));
  };
  attach();
  setInterval(attach, 2000); // live.js may open a new EventSource after an error
}

function enhance(form) {
  const error = form.querySelector("[data-ask-error]");
  const status = document.createElement("p");
  status.className = "ask__sent";
  status.setAttribute("role", "status");
  status.hidden = true;
  form.after(status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    say(error, "");
    say(status, "");
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      });
      const data = await response.json();
      if (data.ok) {
        form.reset();
        say(status, data.message);
        watchForAnswers();
      } else {
        say(error, data.error); // the question stays in the box
      }
    } catch {
      say(error, form.dataset.offline);
    } finally {
      button.disabled = false;
    }
  });
}

async function start() {
  const account = await me();
  if (!account || !account.authenticated) return; // the link to the form's page stays
  try {
    const response = await fetch(`/live/${slot.dataset.slug}/ask/form`, { credentials: "same-origin" });
    const data = await response.json();
    const link = slot.querySelector("[data-ask-link]");
    if (data.form) {
      const template = document.createElement("template");
      template.innerHTML = data.form.trim();
      const form = template.content.firstElementChild;
      link.replaceWith(form);
      enhance(form);
    } else if (data.notice) {
      const p = document.createElement("p");
      p.className = "forum__notice";
      p.textContent = data.notice;
      link.replaceWith(p);
    }
    if (data.mine) {
      // This reader's own questions and what became of them (private, like the form).
      const template = document.createElement("template");
      template.innerHTML = data.mine.trim();
      if (template.content.firstElementChild) slot.append(template.content.firstElementChild);
    }
    slot.dataset.askReady = "true";
  } catch {
    /* the link still works */
  }
}

if (slot) start();
