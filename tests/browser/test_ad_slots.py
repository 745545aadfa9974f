"""Ad and sponsor slots between posts in a real browser: placed by the page,
kept between the same posts while posts arrive live, a new one where the
count reaches it, and the same after a reload (liveblogs/slots.py, slots.js)."""

import pytest
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import SlotFill
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

# The timeline top to bottom: "p<n>" for the post headed "Update <n>", "s<n>" for the slot after post n.
TIMELINE = """() => [...document.querySelectorAll("[data-posts] > [data-post], [data-posts] > [data-slot]")]
  .map((el) => el.matches("[data-slot]")
    ? "s" + el.dataset.slotAfter
    : "p" + el.querySelector(".post__headline").textContent.trim().replace("Update ", ""))"""


def _posts(publish, blog, numbers):
    for n in numbers:
        publish(blog, headline=f"Update {n}")


def _timeline_becomes(page, expected):
    wait_for(lambda: page.evaluate(TIMELINE) == expected, what=f"timeline {expected} (it is {page.evaluate(TIMELINE)})")


@pytest.fixture
def sponsor():
    return SlotFill.objects.create(
        kind=SlotFill.Kind.SPONSOR, name="Harbour Energy", text="Powering the coast since 1952.",
        link="https://harbour.example/",
    )


def test_slots_are_placed_and_kept_while_posts_arrive(asgi_server, unique_blog, publish, editor, sponsor, new_page):
    blog = unique_blog
    _posts(publish, blog, range(1, 8))
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=2)
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    assert page.evaluate(TIMELINE) == ["p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"]
    expect(page.get_by_role("group", name="Sponsored")).to_have_count(2)
    page.evaluate("window.__sameDocument = true")

    _posts(publish, blog, [8, 9])
    # No slot above the newest post: the one after post 9 waits for post 10.
    _timeline_becomes(page, ["p9", "p8", "p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"])
    _posts(publish, blog, [10])
    # The new slot between 9 and 10; the oldest goes, as the cap of two says; the others stay put.
    _timeline_becomes(page, ["p10", "s9", "p9", "p8", "p7", "s6", "p6", "p5", "p4", "p3", "p2", "p1"])
    slot = page.locator("#slot-9")
    expect(slot).to_have_attribute("role", "group")
    expect(slot).to_have_accessible_name("Sponsored")
    expect(slot.get_by_role("link")).to_have_attribute("href", "https://harbour.example/")
    assert page.evaluate("window.__sameDocument") is True  # no reload happened

    live = page.evaluate(TIMELINE)
    page.reload()
    assert page.evaluate(TIMELINE) == live


def test_slots_wait_with_posts_held_under_new_updates(asgi_server, unique_blog, publish, editor, sponsor, new_page):
    blog = unique_blog
    for n in range(1, 16):
        publish(blog, headline=f"Update {n}", body="<p>" + "Long paragraph. " * 60 + "</p>")
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=4, cap=10)
    page = new_page(viewport={"width": 800, "height": 600})
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.locator("article[data-post]").last.scroll_into_view_if_needed()
    _posts(publish, blog, [16, 17])
    button = page.get_by_role("button", name="2 new updates")
    expect(button).to_be_visible()
    assert page.evaluate(TIMELINE)[:3] == ["p15", "p14", "p13"]
    button.click()
    top = ["p17", "s16", "p16", "p15", "p14", "p13", "s12"]
    wait_for(lambda: page.evaluate(TIMELINE)[:7] == top, what=f"the revealed posts with their slot: {top}")


def test_older_updates_loaded_in_place_bring_their_slots(asgi_server, unique_blog, publish, editor, sponsor, new_page):
    blog = unique_blog
    _posts(publish, blog, range(1, 26))  # a page is 20 posts: 25 to 6, then 5 to 1
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=10)
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.get_by_role("link", name="Show older updates").click()
    expected = []
    for n in range(25, 0, -1):
        expected.append(f"p{n}")
        if n > 1 and (n - 1) % 3 == 0:
            expected.append(f"s{n - 1}")
    _timeline_becomes(page, expected)


def test_a_blog_without_slots_shows_none_as_posts_arrive(asgi_server, unique_blog, publish, new_page):
    _posts(publish, unique_blog, range(1, 7))
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{unique_blog.slug}/")
    _posts(publish, unique_blog, [7])
    _timeline_becomes(page, ["p7", "p6", "p5", "p4", "p3", "p2", "p1"])
    expect(page.locator("[data-slot]")).to_have_count(0)


def test_an_operator_turning_slots_off_clears_open_pages(asgi_server, unique_blog, publish, editor, sponsor, new_page):
    blog = unique_blog
    _posts(publish, blog, range(1, 8))
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(page.locator("[data-slot]")).to_have_count(2)
    actions.set_ad_slots(blog=blog, by=editor, fill=None)
    expect(page.locator("[data-slot]")).to_have_count(0)
    _posts(publish, blog, [8, 9, 10])
    _timeline_becomes(page, ["p10", "p9", "p8", "p7", "p6", "p5", "p4", "p3", "p2", "p1"])


def test_a_premium_member_reads_without_ads_from_the_same_page(
    asgi_server, unique_blog, publish, editor, sponsor, member, new_page
):
    from datetime import timedelta

    from django.utils import timezone

    from membership.models import Subscription
    from tests.browser.helpers import signed_in_page

    blog = unique_blog
    _posts(publish, blog, range(1, 8))
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    Subscription.objects.create(
        stripe_id="sub_slots", user=member, kind="premium", status="active", amount=500, currency="GBP",
        interval="month", current_period_end=timezone.now() + timedelta(days=20),
    )
    anonymous = new_page()
    anonymous.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(anonymous.get_by_role("group", name="Sponsored")).to_have_count(2)

    page = signed_in_page(new_page, asgi_server, member)
    response = page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    assert response.text().count('id="slot-') == 2  # the same bytes as everyone's
    expect(page.locator("[data-ad-slots][data-ad-free]")).to_have_count(1)
    expect(page.get_by_role("group", name="Sponsored")).to_have_count(0)
    _posts(publish, blog, [8, 9, 10])
    _timeline_becomes(page, ["p10", "s9", "p9", "p8", "p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"])
    expect(page.locator("#slot-9")).to_be_hidden()


def test_a_slot_leaves_with_its_post_and_comes_back_with_it(
    asgi_server, unique_blog, publish, editor, sponsor, new_page
):
    blog = unique_blog
    made = {n: publish(blog, headline=f"Update {n}") for n in range(1, 8)}
    actions.set_ad_slots(blog=blog, by=editor, fill=sponsor, every=3, cap=5)
    page = new_page()
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    assert page.evaluate(TIMELINE) == ["p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"]
    actions.set_pinned(post=made[7], by=editor, pinned=True)
    # Post 7 is pinned at the top now, out of the timeline: its slot goes with it, as a reload shows.
    _timeline_becomes(page, ["p6", "p5", "p4", "s3", "p3", "p2", "p1"])
    actions.set_pinned(post=made[7], by=editor, pinned=False)
    _timeline_becomes(page, ["p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"])
    actions.delete_post(post=made[4], by=editor)
    _timeline_becomes(page, ["p7", "s6", "p6", "p5", "p3", "p2", "p1"])
    actions.restore_post(post=made[4], by=editor)
    _timeline_becomes(page, ["p7", "s6", "p6", "p5", "p4", "s3", "p3", "p2", "p1"])
    live = page.evaluate(TIMELINE)
    page.reload()
    assert page.evaluate(TIMELINE) == live
