"""Every allauth page renders in the site's look, with a heading, for the
people who reach it."""

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
]
SIGNED_IN_PAGES = [
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/sessions/",
    "/accounts/profile/",
    "/accounts/data/",
    "/accounts/delete/",
]


def _check(html):
    assert 'class="site-header"' in html
    assert "<h1" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_it_renders_the_pages_for_visitors(client, path):
    r = client.get(path)
    assert r.status_code == 200, path
    _check(r.content.decode())


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_it_renders_the_pages_for_a_signed_in_reader(client, reader, path):
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    client.force_login(reader)
    r = client.get(path, follow=True)
    assert r.status_code == 200, path
    html = r.content.decode()
    _check(html)
    assert 'aria-label="Your account"' in html  # the account pages' menu


def test_it_keeps_reader_pages_free_of_personal_parts(client, reader, blog):
    client.force_login(reader)
    html = client.get("/live/storm/").content.decode()
    assert "accounts/account.js" in html
    assert "Rosa" not in html
