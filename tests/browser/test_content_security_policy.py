"""The Content-Security-Policy holds in a real browser: the reader page (a
post, the comments), the desk's compose page with its rich-text editor and
preview, the sign-in page and the embed page run with no violation reported
(neither a `securitypolicyviolation` event nor a console message), and the
embed page alone can be framed by another site."""

import pytest
from playwright.sync_api import expect

from community.tests.conftest import verify
from tests.browser.helpers import sign_in, signed_in_page

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched(page):
    """Collect CSP reports on this page: events in every frame, console lines."""
    reports = []
    page.on("console", lambda m: reports.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH)
    page.reports = reports
    return page


def violations(page):
    found = list(page.reports)
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__csp || []")
        except Exception:  # a frame that went away
            pass
    return found


def test_it_runs_the_reader_page_with_a_post_and_comments_without_a_violation(
    asgi_server, unique_blog, publish, reader, new_page, settings
):
    from community import actions

    settings.COMMUNITY_PREMODERATE_FIRST = 0
    blog = unique_blog
    publish(blog, headline="Bridge closed to traffic", body="<p>Police have shut the old bridge.</p>")
    actions.post_comment(blog=blog, by=verify(reader), body="Seen from the *quay*.")

    anonymous = watched(new_page())
    anonymous.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(anonymous.locator("article[data-post]")).to_contain_text("Bridge closed to traffic")
    expect(anonymous.locator("[data-comments] article.comment")).to_contain_text("Seen from the quay.")

    member = watched(signed_in_page(new_page, asgi_server, reader))
    member.goto(f"{asgi_server.url}/live/{blog.slug}/")
    expect(member.get_by_label("Your comment")).to_be_visible()
    expect(member.locator("[data-comments] article.comment")).to_contain_text("Seen from the quay.")

    assert violations(anonymous) == []
    assert violations(member) == []


def test_it_runs_the_desk_compose_page_its_editor_and_preview_without_a_violation(
    asgi_server, unique_blog, editor, new_page
):
    desk = watched(new_page())
    sign_in(desk, asgi_server, editor)

    response = desk.goto(f"{asgi_server.url}/desk/blogs/{unique_blog.slug}/")
    assert "'nonce-" in response.headers["content-security-policy"]
    # The editor starts only if its inline import map ran (it carries the nonce).
    body = desk.get_by_role("textbox", name="Body")
    body.click()
    body.type("Council confirms the school will stay shut.")
    preview = desk.frame_locator("[data-preview-frame]")
    expect(preview.get_by_text("Council confirms the school will stay shut.")).to_be_visible()

    assert violations(desk) == []


def test_it_runs_the_sign_in_page_without_a_violation(asgi_server, new_page):
    page = watched(new_page())
    page.goto(f"{asgi_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert violations(page) == []


def test_it_lets_another_site_frame_the_embed_page_and_no_other(asgi_server, unique_blog, publish, new_page):
    publish(unique_blog, headline="Evacuation centre opens at the school")
    direct = watched(new_page())
    direct.goto(f"{asgi_server.url}/embed/{unique_blog.slug}/")
    expect(direct.get_by_text("Evacuation centre opens at the school")).to_be_visible()
    assert violations(direct) == []

    # Another site framing both: a document from http://localhost:<port>,
    # another origin than 127.0.0.1 (Chromium lets only a local address frame
    # a local one). A plain static file, so no policy of its own is in the way.
    host = watched(new_page())
    host.goto(asgi_server.url.replace("127.0.0.1", "localhost") + "/static/liveblogs/reader.css")
    host.evaluate(
        """([embed, reader]) => {
          for (const [id, src] of [["embed", embed], ["reader", reader]]) {
            const frame = document.createElement("iframe");
            frame.id = id;
            frame.src = src;
            document.body.append(frame);
          }
        }""",
        [f"{asgi_server.url}/embed/{unique_blog.slug}/", f"{asgi_server.url}/live/{unique_blog.slug}/"],
    )
    expect(host.frame_locator("#embed").get_by_text("Evacuation centre opens at the school")).to_be_visible()
    # The reader page is refused (frame-ancestors 'none'): the browser says so,
    # which also shows these tests would see a violation if there were one.
    for _ in range(50):
        if any("frame-ancestors" in r for r in host.reports):
            break
        host.wait_for_timeout(100)
    assert any("frame-ancestors" in r for r in host.reports)
    assert not any("/embed/" in r for r in host.reports)
