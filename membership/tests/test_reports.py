"""Newsroom reports: who may see them, MRR per currency, donations, churn, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from membership.models import Payment, Subscription

pytestmark = pytest.mark.django_db


def _sub(n, **kw):
    fields = dict(stripe_id=f"sub_{n}", kind="premium", status="active", amount=500, currency="GBP", interval="month",
                  started_at=timezone.now() - timedelta(days=60))
    fields.update(kw)
    return Subscription.objects.create(**fields)


def test_it_refuses_readers_and_reporters(client, reader, reporter):
    client.force_login(reader)
    assert client.get("/membership/reports/").status_code == 403
    client.force_login(reporter)
    assert client.get("/membership/reports/payments.csv").status_code == 403


def test_it_normalises_annual_plans_and_keeps_currencies_apart(client, editor):
    _sub(1, amount=500, interval="month")
    _sub(2, amount=6000, interval="year")  # £500 a year is £5 a month... here £60 a year, £5 a month
    _sub(3, amount=700, currency="USD")
    _sub(4, amount=900, status="canceled", ended_at=timezone.now())  # not revenue
    client.force_login(editor)
    response = client.get("/membership/reports/")
    assert response.status_code == 200
    rows = {(r["currency"], r["kind"]): r for r in response.context["mrr"]}
    assert rows[("GBP", "premium")]["mrr_minor"] == 1000
    assert rows[("GBP", "premium")]["mrr"] == "£10"
    assert rows[("USD", "premium")]["mrr"] == "$7"
    assert len(rows) == 2


def test_it_counts_members_by_status_and_churn(client, admin_user):
    _sub(1)
    _sub(2, status="past_due")
    _sub(3, status="canceled", ended_at=timezone.now() - timedelta(days=2))
    client.force_login(admin_user)
    context = client.get("/membership/reports/").context
    statuses = dict(context["statuses"])
    assert (statuses["active"], statuses["past_due"], statuses["canceled"]) == (1, 1, 1)
    assert context["churn"]["ended"] == 1
    assert context["churn"]["at_start"] == 3
    assert context["churn"]["rate"] == "33.3%"


def test_it_charts_donations_by_day_without_refunds(client, editor):
    now = timezone.now()
    one_off = {"kind": "donation", "frequency": "one_off"}
    Payment.objects.create(stripe_id="pi_1", **one_off, amount=1000, currency="GBP", paid_at=now)
    Payment.objects.create(stripe_id="pi_2", **one_off, amount=2500, currency="GBP", paid_at=now - timedelta(days=1))
    Payment.objects.create(stripe_id="pi_3", **one_off, amount=9900, currency="GBP", paid_at=now, status="refunded")
    Payment.objects.create(stripe_id="pi_4", **one_off, amount=500, currency="EUR", paid_at=now)
    client.force_login(editor)
    response = client.get("/membership/reports/?days=7")
    charts = response.context["donations_by_day"]
    assert charts["GBP"]["total"] == "£35"
    assert charts["EUR"]["total"] == "€5"
    assert len(charts["GBP"]["bars"]) == 7
    page = response.content.decode()
    assert "<svg" in page
    assert "Donations by day in GBP" in page
    assert dict(response.context["donations_by_amount"]["GBP"]) == {"£10": 1, "£25": 1}


def test_it_exports_payments_as_csv(client, editor, reader):
    Payment.objects.create(
        stripe_id="pi_1", user=reader, kind="donation", frequency="one_off", amount=1250, currency="EUR"
    )
    client.force_login(editor)
    response = client.get("/membership/reports/payments.csv?days=30")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:5] == ["paid_at", "kind", "frequency", "amount", "currency"]
    assert rows[1][1:5] == ["donation", "one_off", "12.50", "EUR"]
