// Ad and sponsor slots between posts, kept in place as posts arrive live.
// The rule is liveblogs/slots.py's: posts are counted from the blog's first
// post (every post ever published, deleted and pinned ones too), the slot
// after post N (a multiple of `every`) stands directly below post N+1, only
// while that post is in the timeline, and only the newest `cap` slots show.
// The page gives the rule, how many posts the blog had when it was rendered
// (data-slot-* on [data-posts]) and the slot's markup (<template data-slot-fill>);
// this counts each post that arrives and places the next slot the same way
// the server would, so a reload shows the page as it is now.

function fromHTML(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  return t.content.firstElementChild;
}

export class AdSlots {
  static fromPage(posts) {
    if (!posts) return null;
    const every = Number(posts.dataset.slotEvery);
    const template = posts.parentElement.querySelector("template[data-slot-fill]");
    if (!every || !template) return null;
    return new AdSlots(posts, {
      every, cap: Number(posts.dataset.slotCap), total: Number(posts.dataset.slotTotal),
      fill: template.content.firstElementChild,
    });
  }

  // An operator changed the blog's slots (a "slots.updated" event): slots
  // still at a place of the new rule get the new fill, the others go; the
  // ones the new rule adds between posts already shown come with a reload.
  static changed(current, posts, slots) {
    // Only the blog's own page has slots (never the embed, which shares live.js).
    if (!posts?.hasAttribute("data-ad-slots")) return null;
    const old = [...posts.querySelectorAll(":scope > [data-slot]")];
    if (!slots) {
      old.forEach((s) => s.remove());
      return null;
    }
    const next = new AdSlots(posts, { ...slots, fill: fromHTML(slots.html) });
    if (current) next.waiting = current.waiting;
    for (const s of old) {
      const after = Number(s.dataset.slotAfter);
      if (after % next.every === 0 && next.shown(after)) s.replaceWith(next.make(after, s.dataset.slotPost, s.dataset.sort));
      else s.remove();
    }
    return next;
  }

  constructor(posts, { every, cap, total, fill }) {
    this.posts = posts;
    this.every = every;
    this.cap = cap;
    this.total = total;
    this.fill = fill;
    this.waiting = new Map(); // post id → the slot below it, until the post is placed
    this.parked = new Map(); // post id → its slot, while the post is pinned or deleted
  }

  shown(after) {
    if (after <= 0 || after % this.every || after >= this.total) return false;
    const newest = Math.floor((this.total - 1) / this.every);
    return after / this.every > newest - this.cap;
  }

  // A post was published: the blog's next post in the count. Called when
  // the event arrives, even if the post is held back under "N new updates".
  counted(post) {
    const after = this.total;
    this.total += 1;
    if (after > 0 && after % this.every === 0) this.waiting.set(post.id, after);
  }

  // A new post is on the page: its slot (if it has one) goes directly below
  // it, and slots past the cap go.
  placed(post, node) {
    const back = this.parked.get(String(post.id));
    if (back && node.parentElement === this.posts) {
      // Unpinned or restored: its slot comes back with it, as a reload would show.
      this.parked.delete(String(post.id));
      if (this.shown(Number(back.dataset.slotAfter))) node.after(back);
    }
    const after = this.waiting.get(post.id);
    if (after === undefined) return;
    this.waiting.delete(post.id);
    if (node.parentElement === this.posts && this.shown(after)) node.after(this.make(after, post.id, post.sort));
    for (const s of this.posts.querySelectorAll(":scope > [data-slot]")) {
      if (!this.shown(Number(s.dataset.slotAfter))) s.remove();
    }
  }

  // The post a slot stands below left the timeline (deleted, pinned): the
  // slot goes too, and waits in case the post comes back.
  left(postId) {
    const slot = this.posts.querySelector(`:scope > [data-slot-post="${Number(postId)}"]`);
    if (!slot) return;
    this.parked.set(String(postId), slot);
    slot.remove();
  }

  make(after, postId, sort) {
    const slot = this.fill.cloneNode(true);
    slot.id = `slot-${after}`;
    slot.dataset.slotAfter = after;
    slot.dataset.slotPost = postId;
    slot.dataset.sort = sort;
    return slot;
  }
}

// Premium members read without ads. Whether a reader is one comes from the
// private /me (live.js announces it as "newsline:me"), never from the page,
// which is the same for everyone: on a member's screen the slots are hidden
// (reader.css: [data-ad-free]), in their browser only.
function adFree(me) {
  if (me?.membership?.premium) document.querySelector("[data-ad-slots]")?.setAttribute("data-ad-free", "");
}
document.addEventListener("newsline:me", (event) => adFree(event.detail));
adFree(window.newslineMe);
