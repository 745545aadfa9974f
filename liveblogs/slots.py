"""Ad and sponsor slots between a blog's posts (docs/liveblogs.md, "Ad and
sponsor slots").

A blog with a SlotPlan shows a slot after every `every` posts, counted from
the first post of the coverage: the slot after the 5th post sits between the
5th and the 6th, whatever page it is on, so a new post arriving at the top
never moves a slot. Every post ever published counts, deleted and pinned
ones too, so deleting or pinning a post later moves no other slot. A slot
stands directly below its newer post (the 6th); it shows only while that
post is in the timeline, and only the newest `cap` slots of the blog show.

The page, its older pages and live.js (static/liveblogs/slots.js) place
slots by the same rule: the page tells the script the rule and how many
posts the blog has had, and the script counts the posts that arrive."""

import json

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from liveblogs.models import Post, SlotPlan

# The event open pages get when an operator changes a blog's slots: not a
# "blog." kind, so search and webhooks leave it alone.
SLOTS_UPDATED = "slots.updated"


def plan_for(blog) -> SlotPlan | None:
    """The blog's slot plan, or None: slots are off unless an operator set them."""
    try:
        return blog.slot_plan
    except ObjectDoesNotExist:
        return None


def counted(blog_id: int):
    """The posts slots are counted over: every post ever published."""
    return Post.objects.filter(blog_id=blog_id, published_at__isnull=False)


def shown(after: int, *, every: int, cap: int, total: int) -> bool:
    """Whether the slot after the `after`-th post shows once the blog has
    had `total` posts: at a multiple of `every`, with a post after it, and
    among the newest `cap` slots."""
    if after <= 0 or after % every or after >= total:
        return False
    newest = (total - 1) // every
    return after // every > newest - cap


def place(plan: SlotPlan | None, blog, posts: list[Post]) -> int | None:
    """Mark each post of a timeline page (newest first) that has a slot below
    it (`post.slot_after`, the number of the post the slot follows). Two
    queries with a plan, none without. Returns how many posts the blog has
    had (for live.js), or None without a plan."""
    if plan is None:
        return None
    published = counted(blog.pk)
    if not posts:
        return published.count()
    newest, oldest = posts[0], posts[-1]
    older = Q(published_at__lt=oldest.published_at) | Q(published_at=oldest.published_at, id__lt=oldest.pk)
    figures = published.aggregate(total=Count("id"), before=Count("id", filter=older))
    # The page's span, with the posts readers do not see in it (deleted,
    # pinned): at most a page and those.
    span = published.filter(
        published_at__gte=oldest.published_at, published_at__lte=newest.published_at
    ).values_list("published_at", "id")
    low, high = (oldest.published_at, oldest.pk), (newest.published_at, newest.pk)
    ids = [pk for when, pk in sorted(span) if low <= (when, pk) <= high]
    number = {pk: figures["before"] + i + 1 for i, pk in enumerate(ids)}
    total = figures["total"]
    for post in posts:
        after = number.get(post.pk, 0) - 1
        if shown(after, every=plan.every, cap=plan.cap, total=total):
            post.slot_after = after
    return total


def render_fill(fill) -> str:
    """One slot's markup without its place: the page's <template> for
    live.js, and the event open pages get when the slots change."""
    return render_to_string("liveblogs/_slot.html", {"fill": fill})


def event_payload(*, seq: int, plan: SlotPlan | None, total: int) -> str:
    """What open pages need to place slots from now on: the rule, the count
    so far and the markup; "slots": null when they are turned off."""
    slots = None
    if plan is not None:
        slots = {"every": plan.every, "cap": plan.cap, "total": total, "html": render_fill(plan.fill)}
    body = {"seq": seq, "kind": SLOTS_UPDATED, "at": timezone.now().isoformat(), "slots": slots}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
