"""The support appeal: copy and ladders from the admin, public and cacheable."""

import pytest

from membership.models import Appeal, AppealAmount

pytestmark = pytest.mark.django_db


def test_it_serves_default_copy_and_a_ladder_per_currency(client):
    response = client.get("/support/appeal.json")
    assert response["Cache-Control"] == "public, max-age=60"
    assert not response.cookies
    data = response.json()
    assert data["title"] == "Our reporting is free to read"
    assert set(data["ladders"]) == {"GBP", "EUR", "USD"}
    assert [s["amount"] for s in data["ladders"]["GBP"] if s["default"]] == [10]
    assert [f["value"] for f in data["frequencies"]] == ["one_off", "monthly", "annual"]


def test_it_serves_the_copy_and_ladder_the_newsroom_edited(client):
    appeal = Appeal.objects.create(title="Keep the lights on", body="Fund the night desk.", button_label="Give now")
    AppealAmount.objects.create(appeal=appeal, currency="EUR", amount=3)
    AppealAmount.objects.create(appeal=appeal, currency="EUR", amount=8, is_default=True)
    data = client.get("/support/appeal.json").json()
    assert (data["title"], data["body"], data["button_label"]) == (
        "Keep the lights on",
        "Fund the night desk.",
        "Give now",
    )
    assert data["ladders"]["EUR"] == [{"amount": 3, "default": False}, {"amount": 8, "default": True}]


def test_it_highlights_a_middle_step_when_none_is_marked(client):
    appeal = Appeal.objects.create(title="T", body="B")
    for amount in (2, 4, 6):
        AppealAmount.objects.create(appeal=appeal, currency="USD", amount=amount)
    ladder = client.get("/support/appeal.json").json()["ladders"]["USD"]
    assert [s["amount"] for s in ladder if s["default"]] == [4]


def test_it_fills_the_support_page_from_the_appeals_form(client):
    response = client.get("/support/", {"amount": "25", "currency": "EUR", "frequency": "annual"})
    page = response.content.decode()
    assert 'value="25"' in page
    assert '<option value="EUR" selected>' in page
    assert 'value="annual" id="id_frequency_2" required checked' in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_explains_a_hand_edited_amount(client):
    page = client.get("/support/", {"amount": "99999", "currency": "GBP", "frequency": "one_off"}).content.decode()
    assert "please contact the newsroom" in page


def test_it_keeps_a_support_link_in_the_page_for_readers_without_script(client, blog):
    page = client.get(f"/live/{blog.slug}/").content.decode()
    assert 'href="/support/"' in page


def test_it_offers_a_signed_in_reader_a_reminder_instead(client, reader):
    client.force_login(reader)
    page = client.get("/support/").content.decode()
    assert "Not a good time?" in page
    month = page.split('name="month"')[1].split('<option value="')[1].split('"')[0]
    response = client.post("/membership/", {"month": month})
    assert response["Location"] == "/membership/"
    assert reader.contribution_reminders.get().remind_on.isoformat() == month


def test_it_offers_no_reminder_to_a_signed_out_reader(client):
    assert "Not a good time?" not in client.get("/support/").content.decode()
