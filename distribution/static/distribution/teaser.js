// The teaser for other pages: a live blog's latest updates, kept live.
//   <script src="https://NEWS-SITE/static/distribution/teaser.js" data-newsline-teaser="SLUG" async></script>
// Optional: data-count="5" (1-10 updates) and data-interval="15" (seconds
// between looks, 5-300). It puts a <section class="newsline-teaser"> right
// after the script tag, built from /live/SLUG/teaser.json (public, cached,
// the same for everyone, CORS *), and polls that JSON while the tab is
// visible; the HTTP cache revalidates it by its ETag, so an unchanged blog
// costs a 304. New updates are added at the top of the list, which is a
// polite live region: screen readers announce them; focus never moves.
// Text goes in with textContent only: nothing from the feed is parsed as HTML.
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    if (/^https?:\/\//.test(href)) a.href = href;
    return a;
  }

  function item(post, labels) {
    var li = el("li", "newsline-teaser__post" + (post.key_event ? " newsline-teaser__post--key" : ""));
    li.setAttribute("data-post", String(post.id));
    var a = link(post.url, "");
    var time = el("time", "", post.time);
    time.setAttribute("datetime", post.published_at);
    a.appendChild(time);
    a.appendChild(document.createTextNode(" "));
    if (post.key_event) {
      a.appendChild(el("span", "newsline-teaser__key", labels.key_event + ":"));
      a.appendChild(document.createTextNode(" "));
    }
    a.appendChild(el("span", "newsline-teaser__text", post.title || post.text));
    li.appendChild(a);
    return li;
  }

  function Teaser(script, origin, slug) {
    var count = parseInt(script.getAttribute("data-count"), 10);
    var every = parseInt(script.getAttribute("data-interval"), 10);
    this.url = origin + "/live/" + slug + "/teaser.json" + (count > 0 ? "?n=" + Math.min(count, 10) : "");
    this.every = Math.min(Math.max(every > 0 ? every : 15, 5), 300) * 1000;
    this.slug = slug;
    this.root = el("section", "newsline-teaser");
    this.root.setAttribute("data-newsline-teaser", slug);
    this.root.setAttribute("aria-labelledby", "newsline-teaser-" + slug);
    this.title = el("h2", "newsline-teaser__title");
    this.title.id = "newsline-teaser-" + slug;
    this.list = el("ol", "newsline-teaser__posts");
    this.list.setAttribute("aria-live", "polite");
    this.empty = el("p", "newsline-teaser__empty");
    this.more = el("p", "newsline-teaser__more");
    this.root.appendChild(this.title);
    this.root.appendChild(this.list);
    this.root.appendChild(this.empty);
    this.root.appendChild(this.more);
    this.root.hidden = true;
    script.parentNode.insertBefore(this.root, script.nextSibling);
    this.head = null;
  }

  Teaser.prototype.show = function (data) {
    var blog = data.blog;
    var labels = data.labels;
    this.title.textContent = "";
    if (blog.status_label) {
      this.title.appendChild(el("span", "newsline-teaser__status newsline-teaser__status--" + blog.status, blog.status_label));
      this.title.appendChild(document.createTextNode(" "));
    }
    this.title.appendChild(link(blog.url, blog.headline));
    this.more.textContent = "";
    this.more.appendChild(link(blog.url, labels.more));
    this.empty.textContent = labels.empty;
    this.empty.hidden = data.posts.length > 0;
    // Keep the items already shown (no repeat announcement); add new ones
    // at the top in order, replace edited ones, drop those gone.
    var wanted = {};
    var existing = {};
    var i;
    for (i = 0; i < data.posts.length; i++) wanted[data.posts[i].id] = data.posts[i];
    var items = this.list.querySelectorAll("li[data-post]");
    for (i = 0; i < items.length; i++) {
      var id = items[i].getAttribute("data-post");
      if (!wanted[id]) this.list.removeChild(items[i]);
      else existing[id] = items[i];
    }
    var before = this.list.firstChild;
    for (i = 0; i < data.posts.length; i++) {
      var post = data.posts[i];
      var fresh = item(post, labels);
      var old = existing[post.id];
      if (old) {
        if (old.textContent !== fresh.textContent) this.list.replaceChild(fresh, old);
        before = (old.parentNode ? old : fresh).nextSibling;
      } else {
        this.list.insertBefore(fresh, before);
        before = fresh.nextSibling;
      }
    }
    this.root.setAttribute("data-head", String(data.head));
    this.root.hidden = false;
  };

  Teaser.prototype.poll = function () {
    var self = this;
    if (!document.hidden) {
      fetch(this.url, { credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.head !== self.head) {
            self.head = data.head;
            self.show(data);
          }
        })
        .catch(function () { /* the next look */ });
    }
    setTimeout(function () { self.poll(); }, this.every);
  };

  var scripts = document.querySelectorAll("script[data-newsline-teaser]:not([data-newsline-done])");
  for (var n = 0; n < scripts.length; n++) {
    var script = scripts[n];
    script.setAttribute("data-newsline-done", "");
    var slug = script.getAttribute("data-newsline-teaser");
    if (!/^[-a-zA-Z0-9_]+$/.test(slug)) continue;
    new Teaser(script, new URL(script.src, window.location.href).origin, slug).poll();
  }
})();
