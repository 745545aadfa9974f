// The webhook page's test event (distribution/desk/webhook.html): while the
// job worker has not sent it yet, fetch the page again every two seconds and
// put the new result in place, so the editor sees the answer without reloading.

const box = document.querySelector("[data-webhook-test-pending]");
if (box) {
  let tries = 0;
  const check = async () => {
    tries += 1;
    try {
      const response = await fetch(location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-webhook-test]");
        if (fresh && !fresh.hasAttribute("data-webhook-test-pending")) {
          box.replaceChildren(...fresh.childNodes);
          box.removeAttribute("data-webhook-test-pending");
          const table = page.querySelector(".desk-table");
          const mine = document.querySelector(".desk-table");
          if (table && mine) mine.replaceWith(table);
          return;
        }
      }
    } catch { /* offline for a moment: try again */ }
    // Give up after two minutes: the page says it is still waiting.
    if (tries < 60) setTimeout(check, 2000);
  };
  setTimeout(check, 2000);
}
