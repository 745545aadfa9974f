"""Ad and sponsor slots between posts (liveblogs.slots): where the reader
page puts them, on its first page and on older pages, and what changes with
the operator's settings."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from liveblogs import actions, slots
from liveblogs.models import AuditEntry, SlotFill

pytestmark = pytest.mark.django_db


@pytest.fixture
def sponsor():
    return SlotFill.objects.create(
        kind=SlotFill.Kind.SPONSOR, name="Harbour Energy", text="Powering the coast since 1952.",
        link="https://harbour.example/", logo_url="https://harbour.example/logo.png",
    )


@pytest.fixture
def posts(blog, publish):
    """Posts 1..n of the blog, oldest first."""

    def _posts(n):
        return [publish(blog, headline=f"Update {i}") for i in range(1, n + 1)]

    return _posts


def _timeline(html: str) -> list[str]:
    """The timeline top to bottom: "p<number>" for the post headed "Update
    <number>", "s<after>" for a slot after post <after>."""
    section = html[html.index("data-posts"):html.index("</section>")]
    items = []
    for m in re.finditer(r'data-slot-after="(\d+)"|id="post-\d+-title">([^<]*)<', section):
        items.append(f"s{m.group(1)}" if m.group(1) else "p" + m.group(2).removeprefix("Update "))
    return items


def test_it_shows_no_slots_unless_an_operator_sets_them(client, blog, posts):
    posts(7)
    html = client.get("/live/storm/").content.decode()
    assert 'class="ad-slot' not in html
    assert "data-slot-every" not in html and "<template data-slot-fill>" not in html


def test_it_puts_a_slot_after_every_n_posts_counted_from_the_first(client, blog, posts, sponsor, editor):
    posts(8)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    html = client.get("/live/storm/").content.decode()
    assert _timeline(html) == ["p8", "p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"]
    slot = re.search(r'<div class="ad-slot[^>]*id="slot-6"[^>]*>', html).group(0)
    assert 'role="group"' in slot and 'aria-label="Sponsored"' in slot
    assert 'href="https://harbour.example/" rel="sponsored noopener"' in html
    assert "Harbour Energy" in html and "Powering the coast since 1952." in html


def test_it_puts_no_slot_above_the_newest_post(client, blog, posts, sponsor, editor):
    posts(6)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    # The 6th post is the newest: its slot comes when the 7th arrives.
    assert _timeline(client.get("/live/storm/").content.decode())[:2] == ["p6", "p5"]


def test_it_shows_only_the_newest_slots_up_to_the_cap(client, blog, posts, sponsor, editor):
    posts(10)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=2, cap=2)
    items = _timeline(client.get("/live/storm/").content.decode())
    assert [i for i in items if i.startswith("s")] == ["s8", "s6"]


def test_older_pages_place_slots_by_the_same_count(client, blog, posts, sponsor, editor, settings):
    settings.LIVEBLOG_PAGE_SIZE = 4
    posts(10)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    first = client.get("/live/storm/").content.decode()
    assert _timeline(first) == ["p10", "s9", "p9", "p8", "p7", "s6"]
    cursor = re.search(r'href="\?before=([^"]+)" data-older', first).group(1)
    second = client.get(f"/live/storm/?before={cursor}").content.decode()
    # The slot after post 6 stands below post 7, so it is on the first page, not repeated here.
    assert _timeline(second) == ["p6", "p5", "p4", "s3", "p3"]


def test_a_deleted_or_pinned_post_still_counts(client, blog, posts, sponsor, editor):
    made = posts(8)
    actions.delete_post(post=made[1], by=editor)  # post 2
    actions.set_pinned(post=made[4], by=editor, pinned=True)  # post 5
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    assert _timeline(client.get("/live/storm/").content.decode()) == ["p8", "p7", "s6", "p6", "p4", "s3", "p3", "p1"]


def test_a_slot_goes_with_the_post_below_which_it_stands(client, blog, posts, sponsor, editor):
    made = posts(5)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    actions.delete_post(post=made[3], by=editor)  # post 4, the slot's newer neighbour
    assert _timeline(client.get("/live/storm/").content.decode()) == ["p5", "p3", "p2", "p1"]


def test_it_gives_the_page_script_the_rule_the_count_and_the_markup(client, blog, posts, sponsor, editor):
    posts(4)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    html = client.get("/live/storm/").content.decode()
    assert 'data-ad-slots data-slot-every="3" data-slot-cap="2" data-slot-total="4"' in html
    template = re.search(r"<template data-slot-fill>(.*?)</template>", html, re.S).group(1)
    assert "Harbour Energy" in template and "data-slot-after" not in template


def test_an_html_snippet_is_marked_as_an_advertisement(client, blog, posts, editor):
    posts(4)
    snippet = SlotFill.objects.create(
        kind=SlotFill.Kind.HTML, name="Ad desk", html='<p><a href="https://ads.example/">Visit the fair</a></p>'
    )
    actions.set_ad_slots(blog=blog, by=editor, fill=snippet, every=3, cap=2)
    html = client.get("/live/storm/").content.decode()
    assert 'aria-label="Advertisement"' in html
    assert '<a href="https://ads.example/">Visit the fair</a>' in html


def test_it_costs_two_queries_with_slots_and_none_without(client, blog, posts, sponsor, editor):
    posts(5)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/live/storm/").status_code == 200
        return len(ctx.captured_queries)

    without = count()
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    assert count() == without + 2


def test_changing_the_slots_renews_the_page_and_tells_open_pages(client, blog, posts, sponsor, editor):
    posts(4)
    etag = client.get("/live/storm/")["ETag"]
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    assert client.get("/live/storm/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    event = blog.events.order_by("-seq").first()
    assert event.kind == slots.SLOTS_UPDATED
    assert '"every":3,"cap":2,"total":4' in event.payload and "Harbour Energy" in event.payload
    entry = AuditEntry.objects.filter(blog=blog, action=AuditEntry.Action.SET_AD_SLOTS).get()
    assert entry.changes["slots"][0] == "off"

    head = blog.events.count()
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)  # no change: nothing written
    assert blog.events.count() == head
    actions.set_ad_slots(blog=blog, by=editor, fill=None)
    assert '"slots":null' in blog.events.order_by("-seq").first().payload
    assert 'class="ad-slot' not in client.get("/live/storm/").content.decode()


def test_a_changed_card_reaches_every_blog_showing_it(client, blog, posts, sponsor, editor):
    posts(4)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    sponsor.text = "Now with wind power."
    sponsor.save()
    actions.refresh_ad_slots(fill=sponsor)
    assert "Now with wind power." in blog.events.order_by("-seq").first().payload
    assert "Now with wind power." in client.get("/live/storm/").content.decode()


def test_it_refuses_settings_out_of_range(blog, sponsor, editor):
    with pytest.raises(actions.ActionError):
        actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=1, cap=2)
    with pytest.raises(actions.ActionError):
        actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=0)


def test_slots_are_not_posts_in_feeds_or_structured_data(client, blog, posts, sponsor, editor):
    posts(7)
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    html = client.get("/live/storm/").content.decode()
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "Harbour" not in ld
    feed = client.get("/live/storm/feed/atom/").content.decode()
    assert "Update 7" in feed and "Harbour" not in feed


def test_the_label_is_in_the_blogs_language(client, blog, posts, sponsor, editor):
    posts(4)
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=[],
                        language="de")
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    html = client.get("/live/storm/").content.decode()
    assert 'aria-label="Gesponsert"' in html and ">Gesponsert</p>" in html
