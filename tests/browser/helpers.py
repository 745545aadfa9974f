"""Signing in from a browser test, in one place.

`sign_in` goes through the desk's sign-in form, as a person does: for tests
where signing in is part of the path. `signed_in_page` hands a fresh page a
session made with Django's test client, for tests about what comes after
(sign-in itself is tested in accounts/tests/)."""

from django.conf import settings
from django.test import Client

from accounts.middleware import HINT_COOKIE
from conftest import PASSWORD


def sign_in(page, server, user, next=""):
    """Sign `user` (a user or a username) in at the desk's sign-in form;
    returns once the desk page it lands on (`next`, or the desk's home) has
    started its script."""
    username = getattr(user, "username", user)
    page.goto(f"{server.url}/desk/login/" + (f"?next={next}" if next else ""))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/desk/login/" not in url)
    page.locator("html[data-desk-ready]").wait_for(state="attached")


def signed_in_page(new_page, server, user, **context_options):
    """A page in a fresh context whose browser holds a session for `user`,
    with the signed-in hint cookie live.js reads before asking /me."""
    client = Client()
    client.force_login(user)
    page = new_page(**context_options)
    page.context.add_cookies([
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": server.url},
        {"name": HINT_COOKIE, "value": "1", "url": server.url},
    ])
    return page
