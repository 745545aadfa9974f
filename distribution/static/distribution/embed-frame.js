// Inside the embed frame: tell the page that holds it how tall the content
// is, so the loader (embed.js) can size the frame without a scroll bar.
// Links open outside the frame.

const main = document.querySelector("[data-embed]");

function report() {
  // The content's own height, not the document's (never less than the frame).
  const style = getComputedStyle(document.body);
  const height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY + parseFloat(style.marginBottom || 0));
  // The title (the blog's headline, in the blog's language) names the frame for screen readers.
  window.parent.postMessage({ type: "newsline:embed-height", slug: main.dataset.slug, height, title: document.title }, "*");
}

if (main && window.parent !== window) {
  new ResizeObserver(report).observe(main);
  window.addEventListener("load", report);
  report();
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (link && !link.target && !link.hasAttribute("data-share") && !link.hasAttribute("data-post-link")) {
    link.target = "_blank";
    link.rel = "noopener";
  }
});
