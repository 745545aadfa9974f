"""Staff two-factor: every newsroom role needs TOTP on, and used in this
session, for the desk and staff URLs (settings.STAFF_REQUIRE_2FA)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

PUBLISH = {"kind": "update", "headline": "Flood defences hold", "body": "<p>The wall held.</p>", "label": ""}


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_REQUIRE_2FA = True


def totp_code(secret: str) -> str:
    """The code of the current 30-second step: the middle of the window the
    server accepts (the first of yield_hotp_counters_from_time() is the step
    before, which a slow run can push out of the window before it is sent)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def enrol(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in_with_code(client, user, code):
    r = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert r.status_code == 302 and r.url.startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # the password alone signs no one in
    return client.post("/accounts/2fa/authenticate/", {"code": code})


@pytest.mark.parametrize("persona", ["contributor", "reporter", "editor", "moderator", "admin_user"])
def test_it_sends_every_newsroom_role_without_two_factor_to_set_it_up(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    r = client.get("/desk/")
    assert r.status_code == 302
    assert r.url == "/accounts/2fa/totp/activate/?next=%2Fdesk%2F"


def test_it_lets_readers_be(client, reader):
    client.force_login(reader)
    assert client.get("/desk/").status_code == 403  # the desk's own refusal, not a two-factor detour


def test_it_stops_an_editor_without_two_factor_from_publishing(client, editor, blog):
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/", PUBLISH)
    assert r.status_code == 302 and r.url.startswith("/accounts/2fa/totp/activate/")
    assert blog.posts.count() == 0


@pytest.mark.parametrize("path", ["/community/moderate/", "/membership/reports/"])
def test_it_guards_the_other_staff_pages(client, moderator, path):
    client.force_login(moderator)
    r = client.get(path)
    assert r.status_code == 302 and r.url.startswith("/accounts/2fa/totp/activate/")


def test_it_guards_the_admin_too(client, admin_user):
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    assert client.get("/admin/").url.startswith("/accounts/2fa/totp/activate/")


def test_it_lets_an_editor_with_totp_publish_after_the_code(client, editor, blog):
    secret = enrol(editor)
    r = sign_in_with_code(client, editor, totp_code(secret))
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    r = client.post("/desk/blogs/storm/", PUBLISH)
    assert r.status_code == 302 and r.url.startswith("/desk/blogs/storm/")
    assert blog.posts.count() == 1


def test_it_refuses_a_wrong_code(client, editor):
    enrol(editor)
    r = sign_in_with_code(client, editor, "000000")
    assert r.status_code == 200
    assert "Incorrect code." in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_asks_for_a_code_when_the_session_has_not_used_one(client, editor):
    secret = enrol(editor)
    client.force_login(editor)  # e.g. a session from before two-factor was required
    r = client.get("/desk/")
    assert r.status_code == 302
    assert r.url == "/accounts/2fa/reauthenticate/?next=%2Fdesk%2F"
    r = client.post(r.url, {"code": totp_code(secret)})
    assert r.status_code == 302 and r.url == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_it_accepts_a_recovery_code_once(client, editor, blog):
    enrol(editor)
    codes = RecoveryCodes.activate(editor).generate_codes()
    assert sign_in_with_code(client, editor, codes[0]).status_code == 302
    assert client.post("/desk/blogs/storm/", PUBLISH).status_code == 302
    client.post("/accounts/logout/")
    r = sign_in_with_code(client, editor, codes[0])
    assert r.status_code == 200
    assert "_auth_user_id" not in client.session
    assert sign_in_with_code(client, editor, codes[1]).status_code == 302


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator after commit, within the request
def test_it_enrols_a_reporter_who_then_reaches_the_desk(client, reporter):
    r = client.post("/accounts/login/", {"login": "rita", "password": PASSWORD, "next": "/desk/"})
    assert client.get(r.url).url.startswith("/accounts/2fa/totp/activate/")
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page.content.decode()).group(1)
    assert 'alt="QR code for your authenticator app' in page.content.decode()
    r = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert r.status_code == 302
    assert r.url == "/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=reporter, type="totp").exists()
    codes_page = client.get(r.url).content.decode()
    assert "Continue to the desk" in codes_page
    assert client.get("/desk/").status_code == 200


def test_it_does_not_let_staff_switch_two_factor_off(client, editor):
    secret = enrol(editor)
    sign_in_with_code(client, editor, totp_code(secret))
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=editor, type="totp").exists()


def test_it_can_be_switched_off_for_the_demo(client, editor, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(editor)
    assert client.get("/desk/").status_code == 200
