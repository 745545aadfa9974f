"""membership's part of /me."""

from datetime import timedelta

import pytest
from django.utils import timezone

from membership import actions
from membership.models import Bookmark, Payment

pytestmark = pytest.mark.django_db


def test_it_tells_the_page_a_member_is_premium_and_what_they_saved(client, member, admin_user, blog):
    actions.grant_premium(member=member, by=admin_user, until=timezone.now() + timedelta(days=5))
    Bookmark.objects.create(user=member, blog=blog)
    client.force_login(member)
    data = client.get("/me").json()["membership"]
    assert data["premium"] is True
    assert data["asks"] == "none"
    assert data["saved_blogs"] == ["storm"]
    assert data["csrf"]


def test_it_asks_a_recent_supporter_less(client, reader):
    Payment.objects.create(
        stripe_id="pi_1", user=reader, kind="donation", frequency="one_off", amount=500, currency="GBP"
    )
    client.force_login(reader)
    data = client.get("/me").json()["membership"]
    assert (data["premium"], data["supporter"], data["asks"]) == (False, True, "fewer")


def test_it_asks_a_reader_who_has_not_given(client, reader):
    client.force_login(reader)
    data = client.get("/me").json()["membership"]
    assert (data["premium"], data["status"], data["asks"]) == (False, "none", "all")


def test_it_does_not_count_a_refunded_gift_as_support(client, reader):
    Payment.objects.create(
        stripe_id="pi_2",
        user=reader,
        kind="donation",
        frequency="one_off",
        amount=500,
        currency="GBP",
        status="refunded",
    )
    client.force_login(reader)
    assert client.get("/me").json()["membership"]["asks"] == "all"
