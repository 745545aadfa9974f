import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "display_name": "Nia Night",
    "email": "nia@example.org",
    "username": "nia",
    "password1": PASSWORD,
    "password2": PASSWORD,
}


def _confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_it_shows_the_sign_up_form_in_the_site_look(client):
    r = client.get("/accounts/signup/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<h1 id=\"signup-title\">Create an account</h1>" in html
    assert 'class="site-header"' in html  # the reader site's base template
    assert '<label for="id_email">' in html
    assert "csrfmiddlewaretoken" in html


def test_it_signs_up_and_asks_to_verify_the_email_before_signing_in(client, django_user_model):
    r = client.post("/accounts/signup/", SIGN_UP)
    assert r.status_code == 302
    assert r.url == "/accounts/confirm-email/"
    user = django_user_model.objects.get(username="nia")
    assert user.role == "reader"
    assert user.display_name == "Nia Night"
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session  # mandatory verification
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nia@example.org"]
    assert mail.outbox[0].subject.startswith("[Newsline] ")


def test_it_signs_in_after_the_link_in_the_email_is_followed(client, django_user_model):
    client.post("/accounts/signup/", SIGN_UP)
    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200  # a confirm button, not a GET that changes anything
    r = client.post(link)
    assert r.status_code == 302
    user = django_user_model.objects.get(username="nia")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_refuses_an_email_that_is_already_taken_without_saying_whose(client, reader, django_user_model):
    r = client.post("/accounts/signup/", {**SIGN_UP, "email": "ROSA@example.org"})
    # Enumeration prevention: the page looks the same as for a new address;
    # no second account, and the address's owner is told by email instead.
    assert r.status_code == 302
    assert not django_user_model.objects.filter(username="nia").exists()
    assert not client.session.get("_auth_user_id")
    assert [m.to[0].lower() for m in mail.outbox] == ["rosa@example.org"]


def test_it_explains_mismatched_passwords_and_keeps_the_other_fields(client):
    r = client.post("/accounts/signup/", {**SIGN_UP, "password2": "something else entirely"})
    html = r.content.decode()
    assert r.status_code == 200
    assert "You must type the same password each time." in html
    assert 'value="nia@example.org"' in html


def test_it_asks_for_a_display_name_that_is_free_and_not_reserved(client, reader, django_user_model):
    r = client.post("/accounts/signup/", {**SIGN_UP, "display_name": "rosa  READER"})
    assert "That display name is taken" in r.content.decode()
    r = client.post("/accounts/signup/", {**SIGN_UP, "display_name": "Newsline"})
    assert "That name is reserved" in r.content.decode()
    assert not django_user_model.objects.filter(username="nia").exists()


@pytest.mark.parametrize(("username", "message"), [
    ("deleted-7", "That username is reserved."),
    ("Admin", "That username is reserved."),
    ("newsline_team", "That username is reserved."),
    ("12345", "Include at least one letter."),
])
def test_it_refuses_reserved_usernames(client, username, message, django_user_model):
    r = client.post("/accounts/signup/", {**SIGN_UP, "username": username})
    assert message in r.content.decode()
    assert not django_user_model.objects.filter(email="nia@example.org").exists()
