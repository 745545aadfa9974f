"""/desk/api-tokens/: create (shown once, stored hashed) and revoke tokens."""

import hashlib

import pytest

from distribution.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_creates_a_token_shown_once_and_stored_hashed(client, reporter):
    client.force_login(reporter)
    response = client.post("/desk/api-tokens/", {"name": "Wire importer", "scopes": ["read", "post"]})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=reporter)
    secret = html.split("<code data-new-token>")[1].split("</code>")[0]
    assert secret.startswith("nl_") and len(secret) > 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert token.scopes == ["read", "post"]
    assert secret not in client.get("/desk/api-tokens/").content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_it_revokes_only_ones_own_tokens(client, reporter, other_reporter):
    client.force_login(reporter)
    client.post("/desk/api-tokens/", {"name": "Mine", "scopes": ["read"]})
    mine = ApiToken.objects.get(user=reporter)
    client.force_login(other_reporter)
    assert client.post(f"/desk/api-tokens/{mine.pk}/revoke/").status_code == 404
    client.force_login(reporter)
    assert client.post(f"/desk/api-tokens/{mine.pk}/revoke/").status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_it_needs_a_name_and_a_scope(client, reporter):
    client.force_login(reporter)
    response = client.post("/desk/api-tokens/", {"name": "", "scopes": []})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()


def test_it_is_for_newsroom_staff_only(client, reader):
    assert client.get("/desk/api-tokens/").status_code == 302
    client.force_login(reader)
    assert client.get("/desk/api-tokens/").status_code == 403
