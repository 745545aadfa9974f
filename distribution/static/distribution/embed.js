// The one-line embed for other sites:
//   <script src="https://NEWS-SITE/static/distribution/embed.js" data-newsline-blog="SLUG" async></script>
// Optional: data-height="600" (a fixed height, scrolling inside; without it
// the frame grows with its content), data-theme="light" or "dark", and
// data-title (the frame's name for screen readers until it loads).
// It puts an <iframe> of /embed/SLUG/ right after the script tag.
(function () {
  var scripts = document.querySelectorAll("script[data-newsline-blog]:not([data-newsline-done])");
  for (var i = 0; i < scripts.length; i++) {
    var script = scripts[i];
    script.setAttribute("data-newsline-done", "");
    var origin = new URL(script.src, window.location.href).origin;
    var slug = script.getAttribute("data-newsline-blog");
    if (!/^[-a-zA-Z0-9_]+$/.test(slug)) continue;
    var theme = script.getAttribute("data-theme");
    var fixed = parseInt(script.getAttribute("data-height"), 10);
    var frame = document.createElement("iframe");
    frame.src = origin + "/embed/" + slug + "/" + (theme === "light" || theme === "dark" ? "?theme=" + theme : "");
    // Until the frame names itself (its headline, in the blog's language): the
    // page's own words if it gives them (data-title), else English.
    frame.title = script.getAttribute("data-title") || "Live coverage";
    frame.loading = "lazy";
    frame.setAttribute("data-newsline-frame", slug);
    frame.style.cssText = "display:block;width:100%;border:0;height:" + (fixed > 0 ? fixed : 600) + "px";
    script.parentNode.insertBefore(frame, script.nextSibling);
    (function (frame, fixed) {
      window.addEventListener("message", function (event) {
        if (event.origin !== origin || event.source !== frame.contentWindow) return;
        var data = event.data || {};
        if (data.type !== "newsline:embed-height") return;
        if (typeof data.title === "string" && data.title) frame.title = data.title.slice(0, 200);
        if (!(fixed > 0) && data.height > 0) frame.style.height = Math.min(data.height, 20000) + "px";
      });
    })(frame, fixed);
  }
})();
