"""The desk on a phone (390 x 844, touch): a reporter writes a post with a
picture and publishes it, saves a draft, a contributor submits and an editor
approves, all from phones. On every page: no horizontal scroll, and every
control a finger needs is at least 44 px each way."""

import pytest
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import Post
from liveblogs.tests.images import picture_bytes
from tests.browser.helpers import signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# Controls smaller than 44 x 44 CSS px. A checkbox or radio counts with its
# label (tapping either works); links inside running text (a sentence in a
# hint or a post body) are exempt, as in WCAG's target-size rule.
SMALL_TARGETS = """() => {
  const small = [];
  const box = (el) => el.getBoundingClientRect();
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const r = box(el);
    if (!r.width || !r.height) continue;
    if (el.closest('.visually-hidden, .skip-link, [hidden], dialog:not([open])')) continue;
    if (el.matches('a') && el.closest('p, li.hint, .helptext, .post__body, .desk-post__body, .message, .notice, .hint')
        && !el.matches('.button')) continue;
    let w = r.width, h = r.height;
    if (el.matches('input[type=checkbox], input[type=radio]') && el.labels && el.labels.length) {
      const l = box(el.labels[0]);
      w = Math.max(r.right, l.right) - Math.min(r.left, l.left);
      h = Math.max(h, l.height);
    }
    const name = (el.textContent || el.name || el.type).trim().slice(0, 30);
    if (w < 43.5 || h < 43.5) small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(w)}x${Math.round(h)}`);
  }
  return small;
}"""


def check_fits(page, name):
    page.wait_for_function("document.documentElement.dataset.deskReady === 'true'")
    page.screenshot(path=f"/tmp/desk-phone-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name}: wider than the phone"
    assert page.evaluate(SMALL_TARGETS) == [], f"{name}: tap targets under 44 px"


def test_a_reporter_files_a_post_with_a_picture_from_a_phone(
    asgi_server, unique_blog, editor, reporter, new_page, tmp_path
):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=reporter)
    photo = tmp_path / "levee.jpg"
    photo.write_bytes(picture_bytes((3000, 2000), gps=True))
    phone = signed_in_page(new_page, asgi_server, reporter, **PHONE)
    phone.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    check_fits(phone, "compose")

    phone.get_by_label("Headline").tap()
    phone.get_by_label("Headline").fill("Sandbags arrive at the north levee")
    phone.locator("form.post-form .ProseMirror").tap()
    phone.keyboard.type("Volunteers are filling them in the car park.")
    phone.get_by_label("Alt text").fill("Pallets of sandbags beside a grass bank")
    phone.locator("[data-media-file]").set_input_files(str(photo))
    expect(phone.get_by_text("Picture uploaded.")).to_be_visible()
    phone.get_by_role("button", name="Publish", exact=True).tap()
    expect(phone.get_by_text("Published.")).to_be_visible()
    post = Post.objects.get(blog=blog, headline="Sandbags arrive at the north levee")
    assert post.state == Post.State.PUBLISHED and post.image is not None
    check_fits(phone, "published")

    phone.get_by_label("Headline").fill("Second pump on its way")
    phone.get_by_role("button", name="Save draft").tap()
    expect(phone.get_by_text("Draft saved.")).to_be_visible()
    draft = Post.objects.get(blog=blog, headline="Second pump on its way")
    assert draft.state == Post.State.DRAFT
    check_fits(phone, "drafts")
    phone.locator(f"#draft-{draft.pk} a").first.tap()
    expect(phone.get_by_label("Headline")).to_have_value("Second pump on its way")
    check_fits(phone, "draft-edit")

    reader = new_page(**PHONE)
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(reader.locator(f"#post-{post.pk} figure img")).to_have_attribute(
        "alt", "Pallets of sandbags beside a grass bank"
    )
    assert reader.evaluate("document.documentElement.scrollWidth") <= 390
    reader.screenshot(path="/tmp/desk-phone-reader.png")


def test_a_contribution_is_submitted_and_approved_on_phones(asgi_server, unique_blog, editor, contributor, new_page):
    blog = unique_blog
    actions.assign_staff(blog=blog, by=editor, user=contributor)
    field = signed_in_page(new_page, asgi_server, contributor, **PHONE)
    field.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    check_fits(field, "contributor")
    field.get_by_label("Headline").fill("Bridge closed to cars")
    field.get_by_role("button", name="Submit for approval").tap()
    expect(field.get_by_text("Submitted: an editor will review it.")).to_be_visible()
    post = Post.objects.get(blog=blog)

    desk = signed_in_page(new_page, asgi_server, editor, **PHONE)
    desk.goto(f"{asgi_server.url}/desk/")
    check_fits(desk, "home")
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    check_fits(desk, "approvals")
    # The queue is far below the composer in one column: a shortcut at the top leads there.
    desk.get_by_role("navigation", name="On this page").get_by_role("link", name="Awaiting approval (1)").tap()
    expect(desk.locator(f"#submission-{post.pk}")).to_be_in_viewport()
    desk.locator(f"#submission-{post.pk}").get_by_role("button", name="Approve").tap()
    expect(desk.locator(f"#post-{post.pk}")).to_contain_text("Bridge closed to cars")
    assert Post.objects.get(pk=post.pk).state == Post.State.PUBLISHED
    check_fits(desk, "approved")
