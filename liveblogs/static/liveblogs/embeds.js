// Embeds on reader pages (liveblogs/_embed.html): nothing is loaded from a
// provider until the reader presses "Show it here"; then the provider's own
// embed page goes into a sandboxed iframe in place of the placeholder.
// Listens on the document, so posts that arrive live work too.

import { gettext } from "./i18n.js";

document.addEventListener("click", (e) => {
  const button = e.target.closest?.("[data-embed-load]");
  if (!button) return;
  const box = button.closest("[data-embed]");
  const src = box?.dataset.embedSrc;
  if (!src || !src.startsWith("https://")) return;
  const frame = document.createElement("iframe");
  frame.src = src;
  frame.title = gettext("Embedded content from %(provider)s", { provider: box.dataset.embedProvider });
  frame.loading = "lazy";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-presentation");
  frame.allow = "fullscreen; picture-in-picture; encrypted-media";
  frame.className = "embed__frame";
  box.replaceChildren(frame);
  box.classList.add("embed--loaded");
});
