"""Reading and writing in other languages, in a real browser (docs/i18n.md):
an Arabic blog right to left on a phone, live updates counted and timed in
Ukrainian, and the desk in German."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from liveblogs import actions
from liveblogs.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_POSTS = [
    ("إغلاق الطريق الساحلي", "أغلقت الشرطة الطريق الساحلي بين المدينتين بعد انهيار جزء من الجسر القديم، "
     "وتنصح السائقين باستخدام الطريق الجبلي."),
    ("انقطاع الكهرباء", "انقطعت الكهرباء عن نحو ثلاثة آلاف منزل في الأحياء الشرقية، "
     "وتقول الشركة إن فرقها تعمل على إعادة التيار قبل المساء."),
    ("المدارس مغلقة غدًا", "أعلنت مديرية التعليم إغلاق المدارس غدًا احتياطًا، على أن تُستأنف الدروس بعد تقييم الأضرار."),
]

# Everything on the page that spills past the viewport's sides, except what
# is hidden on purpose (the skip link until focused, screen-reader text).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".skip-link, .visually-hidden, [hidden], template, script, style")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < -1 || box.right > width + 1) out.push(`${el.tagName}.${el.className} ${box.left}-${box.right}`);
  }
  return out;
}"""


def blog_in(language, editor, headline, slug):
    blog = actions.create_blog(by=editor, headline=headline, slug=slug, language=language)
    return actions.open_blog(blog=blog, by=editor)


def test_it_lays_an_arabic_blog_out_right_to_left_on_a_phone(asgi_server, editor, publish, new_page):
    blog = blog_in("ar", editor, "عاصفة على الساحل: تغطية مباشرة", "asifa-ar")
    for i, (headline, body) in enumerate(ARABIC_POSTS):
        publish(blog, headline=headline, body=f"<p>{body}</p>", is_key_event=i == 0)
    page = new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
    page.goto(f"{asgi_server.url}/live/{blog.slug}/")

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    # The interface is in Arabic although the browser asked for English.
    expect(page.locator("#key-events-title")).to_have_text("الأحداث الرئيسية")
    expect(page.locator("[data-blog-badge]")).to_have_text("مباشر")
    # The support appeal's choices too, though appeal.json is one answer in the site's language.
    expect(page.locator(".appeal-form__frequency").first).to_contain_text("شهريًا")
    expect(page.locator(".appeal-form__frequency").first).not_to_contain_text("Monthly")
    # Nothing scrolls sideways, and nothing sticks out of the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert page.evaluate(OVERFLOWING) == []
    # Mirrored: the headline starts at the right, and the key events' rule is on their right.
    main = page.locator("main").bounding_box()
    headline = page.locator(".liveblog__headline").bounding_box()
    assert abs((headline["x"] + headline["width"]) - (main["x"] + main["width"])) < 24
    rule = page.locator(".key-events__list li").first.evaluate(
        "li => [getComputedStyle(li).borderRightWidth, getComputedStyle(li).borderLeftWidth]"
    )
    assert rule == ["2px", "0px"]
    page.screenshot(path=str(asgi_server.log_path.with_name("arabic-phone.png")), full_page=True)


def test_it_counts_and_times_live_updates_in_the_blogs_language(asgi_server, editor, publish, new_page):
    blog = blog_in("uk", editor, "Повінь на Дністрі", "povin-uk")
    for i in range(12):
        publish(blog, headline=f"Раніше {i}", body="<p>" + "Вода піднімається повільно. " * 40 + "</p>")
    earlier = publish(blog, headline="Рятувальники на місці")
    Post.objects.filter(pk=earlier.pk).update(published_at=timezone.now() - timedelta(minutes=5))
    page = new_page(viewport={"width": 800, "height": 600}, locale="de-DE")
    page.goto(f"{asgi_server.url}/live/{blog.slug}/?around={earlier.pk}")
    five_minutes_ago = page.evaluate(
        "new Intl.RelativeTimeFormat('uk', {numeric: 'auto', style: 'short'}).format(-5, 'minute')"
    )
    expect(page.locator(f"#post-{earlier.pk} time[data-relative]")).to_have_text(five_minutes_ago)

    page.goto(f"{asgi_server.url}/live/{blog.slug}/")
    page.locator("article[data-post]").last.scroll_into_view_if_needed()
    publish(blog, headline="Нове: евакуація")
    publish(blog, headline="Нове: дамба тримається")
    expect(page.get_by_role("button", name="2 нові оновлення")).to_be_visible()
    for i in range(3):
        publish(blog, headline=f"Ще новина {i}")
    button = page.get_by_role("button", name="5 нових оновлень")
    expect(button).to_be_visible()
    button.click()
    newest = page.locator("article[data-post]").first
    expect(newest).to_contain_text("Ще новина 2")
    expect(newest.locator("time[data-relative]")).to_have_text("щойно")


def test_it_lets_a_journalist_publish_from_the_desk_in_german(asgi_server, editor, new_page):
    from tests.browser.helpers import signed_in_page

    editor.language = "de"
    editor.save(update_fields=["language"])
    blog = blog_in("de", editor, "Sturmflut an der Nordsee", "sturmflut-de")
    reader = new_page(locale="en-GB")
    reader.goto(f"{asgi_server.url}/live/{blog.slug}/")
    reader.wait_for_function("window.newsline !== undefined")

    desk = signed_in_page(new_page, asgi_server, editor, locale="en-GB")
    desk.goto(f"{asgi_server.url}/desk/blogs/{blog.slug}/")
    expect(desk.locator("html")).to_have_attribute("lang", "de")
    desk.wait_for_function("document.documentElement.dataset.deskReady === 'true'")
    desk.get_by_label("Überschrift").fill("Deiche halten dem Hochwasser stand")
    desk.get_by_role("button", name="Veröffentlichen", exact=True).click()
    expect(desk.get_by_text("Veröffentlicht.", exact=True)).to_be_visible()

    post = Post.objects.get(blog=blog)
    card = reader.locator(f"#post-{post.pk}")
    expect(card).to_contain_text("Deiche halten dem Hochwasser stand")
    # The card readers get is in the blog's language (German here), with its German words.
    expect(card.locator(".post__share")).to_contain_text("Teilen")
