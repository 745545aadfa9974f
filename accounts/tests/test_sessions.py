"""Where you're signed in (allauth.usersessions): sign out every other
session, for instance after signing in on a borrowed computer."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_lists_sessions_and_signs_out_the_others(reader):
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    borrowed, mine = Client(), Client()
    for client in (borrowed, mine):
        assert client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD}).status_code == 302
    page = mine.get("/accounts/sessions/")
    assert page.status_code == 200
    assert "Sign Out Other Sessions" in page.content.decode()

    mine.post("/accounts/sessions/")
    assert mine.get("/accounts/profile/").status_code == 200
    assert borrowed.get("/accounts/profile/").status_code == 302  # sent to sign in again
