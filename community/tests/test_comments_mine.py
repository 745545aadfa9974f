"""The private endpoint that makes the forum personal."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_gives_a_verified_reader_the_composer_and_token(client, blog, rosa, comment_on):
    mine = comment_on(rosa)
    client.force_login(rosa)
    r = client.get(f"/live/{blog.slug}/comments/mine")
    data = r.json()
    assert r["Cache-Control"].startswith("private, no-store")
    assert data["can_comment"] is True
    assert 'name="csrfmiddlewaretoken"' in data["composer"]
    assert str(mine.pk) in data["mine"]


def test_it_asks_an_unverified_reader_to_verify(client, blog, stranger):
    client.force_login(stranger)
    data = client.get(f"/live/{blog.slug}/comments/mine").json()
    assert data["can_comment"] is False and data["needs_verification"] is True
    assert "composer" not in data


def test_it_tells_anonymous_readers_to_sign_in(client, blog):
    data = client.get(f"/live/{blog.slug}/comments/mine").json()
    assert data == {"authenticated": False, "open": True, "closed_reason": "", "sign_in_url": data["sign_in_url"]}


def test_it_tells_a_suspended_reader_why_instead_of_offering_the_composer(client, blog, rosa):
    from datetime import timedelta

    from django.utils import timezone

    from community.models import Standing

    Standing.objects.create(
        user=rosa, suspended_until=timezone.now() + timedelta(days=2), suspension_reason="personal attacks"
    )
    client.force_login(rosa)
    data = client.get(f"/live/{blog.slug}/comments/mine").json()
    assert "composer" not in data
    assert (
        data["blocked"].startswith("You are suspended from commenting until") and "personal attacks" in data["blocked"]
    )
