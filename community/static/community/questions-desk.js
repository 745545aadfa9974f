// The readers' question inbox on a blog's desk page. The desk's stream
// (desk.js) says when a question came or went ("desk:stream" events of kind
// "questions"); the list is then reloaded from the desk in this person's own
// language, with their own buttons. The counts line is announced politely;
// focus never moves. Without this script every button is a plain form.

const box = document.querySelector("[data-questions]");

async function reload() {
  const list = box.querySelector("[data-questions-list]");
  try {
    const response = await fetch(box.dataset.questionsUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const before = box.querySelector("[data-questions-counts]");
    const after = template.content.querySelector("[data-questions-counts]");
    // Keep a button that has focus in place if its question is still there.
    const focused = list.contains(document.activeElement) ? document.activeElement.closest("[data-question]") : null;
    if (focused && template.content.getElementById(focused.id)) {
      template.content.getElementById(focused.id).replaceWith(focused);
    }
    list.replaceChildren(template.content);
    if (before && after && before.dataset.waiting !== after.dataset.waiting) announce(after.textContent);
    box.dataset.questionsLoaded = String(Date.now());
  } catch {
    /* offline: the next event or reload */
  }
}

function announce(text) {
  let region = box.querySelector("[data-questions-status]");
  if (!region) {
    region = document.createElement("p");
    region.className = "visually-hidden";
    region.dataset.questionsStatus = "";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    box.append(region);
  }
  region.textContent = text;
}

function handleForms() {
  box.addEventListener("submit", async (event) => {
    const form = event.target.closest("[data-question-action]");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin", headers: { Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (data.message) announce(data.message);
    } catch {
      if (button) button.disabled = false;
      return;
    }
    reload();
  });
}

if (box) {
  handleForms();
  document.addEventListener("desk:stream", (event) => {
    if (event.detail && event.detail.kind === "questions") reload();
  });
  // (Re)connected: anything missed while the stream was away.
  document.addEventListener("desk:stream-open", () => reload());
  // The stream down or refused: look now and then instead.
  setInterval(() => {
    const presence = document.querySelector("[data-presence]");
    if (!document.hidden && !(presence && presence.dataset.presenceLive)) reload();
  }, 30000);
}
