"""The Join Premium page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from membership import actions

pytestmark = pytest.mark.django_db


def test_it_shows_perks_prices_and_a_sign_in_link_to_a_signed_out_reader(client):
    page = client.get("/membership/join/").content.decode()
    assert "Save stories and single updates for later" in page
    assert "£5" in page and "£50" in page
    assert "next=/membership/join/" in page
    assert "Join Premium</button>" not in page


def test_it_labels_test_mode(client, reader, test_mode):
    client.force_login(reader)
    page = client.get("/membership/join/").content.decode()
    assert "Test mode." in page
    assert "Join Premium</button>" in page


def test_it_tells_a_member_they_are_already_in(client, member, admin_user):
    actions.grant_premium(member=member, by=admin_user, until=timezone.now() + timedelta(days=3))
    client.force_login(member)
    assert "You are a Premium member" in client.get("/membership/join/").content.decode()
    response = client.post("/membership/join/", {"plan": "monthly", "currency": "GBP", "nonce": "x"})
    assert response["Location"] == "/membership/"
