import json

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db


def comments_for(user):
    return [{"text": f"A comment by {user.username}"}]


def test_it_needs_a_signed_in_reader(client):
    assert client.get("/accounts/data/export/").status_code == 302


def test_it_offers_the_download_and_the_deletion(client, reader):
    client.force_login(reader)
    html = client.get("/accounts/data/").content.decode()
    assert 'href="/accounts/data/export/"' in html
    assert 'href="/accounts/delete/"' in html


def test_it_downloads_the_account_and_what_other_apps_add(client, reader, settings):
    settings.EXPORT_PROVIDERS = [("comments", "accounts.tests.test_export.comments_for")]
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    client.force_login(reader)
    r = client.get("/accounts/data/export/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/json"
    assert r["Content-Disposition"].startswith('attachment; filename="newsline-data-')
    assert "no-store" in r["Cache-Control"]
    data = json.loads(r.content)
    assert data["account"]["username"] == "rosa"
    assert data["account"]["display_name"] == "Rosa Reader"
    assert data["account"]["email_addresses"] == [{"email": "rosa@example.org", "verified": True, "primary": True}]
    assert data["comments"] == [{"text": "A comment by rosa"}]
    assert "password" not in json.dumps(data)
