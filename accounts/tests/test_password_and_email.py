"""Password reset and email change, through allauth, with our emails."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a fresh and longer passphrase"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/\S+/)", message.body).group(1)


def test_it_resets_a_forgotten_password_by_email(client, verified_reader):
    r = client.post("/accounts/password/reset/", {"email": "rosa@example.org"})
    assert r.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "[Newsline] Choose a new password"
    assert message.body.startswith("Hello Rosa Reader,")
    r = client.get(_link(message), follow=True)  # allauth moves the key into the session
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else _link(message)
    r = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert r.status_code == 302
    verified_reader.refresh_from_db()
    assert verified_reader.check_password(NEW_PASSWORD)


def test_it_does_not_say_whether_an_address_has_an_account(client):
    r = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert r.status_code == 302  # the same answer as for a real account
    assert "no account uses it" in mail.outbox[0].body


def test_it_changes_the_email_only_once_the_new_one_is_confirmed(client, verified_reader):
    client.force_login(verified_reader)
    r = client.post("/accounts/email/", {"action_add": "", "email": "rosa.new@example.org"})
    assert r.status_code == 302
    verified_reader.refresh_from_db()
    assert verified_reader.email == "rosa@example.org"  # not yet
    message = mail.outbox[-1]
    assert message.to == ["rosa.new@example.org"]
    client.post(_link(message))
    verified_reader.refresh_from_db()
    assert verified_reader.email == "rosa.new@example.org"
    assert list(EmailAddress.objects.filter(user=verified_reader).values_list("email", flat=True)) == [
        "rosa.new@example.org"
    ]


def test_it_signs_in_with_the_new_password_and_not_the_old(client, verified_reader):
    client.force_login(verified_reader)
    r = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert r.status_code == 302
    assert mail.outbox[-1].to == ["rosa@example.org"]  # a security notice
    assert "password" in mail.outbox[-1].subject.lower()
    client.logout()
    assert client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD}).status_code == 200
    assert client.post("/accounts/login/", {"login": "rosa", "password": NEW_PASSWORD}).status_code == 302
