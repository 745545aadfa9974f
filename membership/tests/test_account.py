"""Account → Membership: status, receipts, donations, reminders."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from membership.models import Payment, Reminder, Subscription

pytestmark = pytest.mark.django_db


def _premium(user, **kw):
    fields = dict(
        stripe_id="sub_1",
        user=user,
        kind="premium",
        status="active",
        amount=500,
        currency="GBP",
        interval="month",
        current_period_end=timezone.now() + timedelta(days=20),
    )
    fields.update(kw)
    return Subscription.objects.create(**fields)


def test_it_shows_plan_status_next_payment_and_receipts(client, member):
    sub = _premium(member)
    Payment.objects.create(
        stripe_id="in_1", user=member, subscription=sub, kind="premium", frequency="monthly", amount=500, currency="GBP"
    )
    Payment.objects.create(
        stripe_id="pi_1", user=member, kind="donation", frequency="one_off", amount=2000, currency="EUR"
    )
    client.force_login(member)
    page = client.get("/membership/").content.decode()
    assert 'data-membership-status="active"' in page
    assert "Next payment" in page
    assert "£5 on" in page
    assert "€20" in page
    assert "One-off" in page


def test_it_shows_the_grace_period(client, member):
    _premium(member, status="past_due", payment_failed_at=timezone.now())
    client.force_login(member)
    page = client.get("/membership/").content.decode()
    assert "Your last payment failed" in page


def test_it_shows_a_lapsed_member_how_to_rejoin(client, member):
    _premium(member, status="canceled", ended_at=timezone.now())
    client.force_login(member)
    page = client.get("/membership/").content.decode()
    assert 'data-membership-status="lapsed"' in page
    assert "Rejoin Premium" in page


def test_it_needs_sign_in(client):
    assert client.get("/membership/").status_code == 302


def test_it_refuses_a_month_not_offered(client, reader):
    client.force_login(reader)
    response = client.post("/membership/", {"month": "1999-01-01"})
    assert response.status_code == 200
    assert not Reminder.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_emails_a_contribution_reminder_in_the_chosen_month(client, reader, run_worker, mailoutbox):
    client.force_login(reader)
    page = client.get("/membership/").content.decode()
    month = page.split('<option value="')[1].split('"')[0]
    response = client.post("/membership/", {"month": month})
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=reader)
    assert reminder.remind_on.isoformat() == month
    job = DBTaskResult.objects.get(task_path="membership.tasks.send_contribution_reminder")
    assert job.run_after > timezone.now()
    run_worker()
    assert mailoutbox == []  # not due yet
    # The month has come.
    DBTaskResult.objects.filter(pk=job.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rosa@example.org"]
    assert "/support/" in mailoutbox[0].body
    assert Reminder.objects.get().sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_it_sends_nothing_for_a_cancelled_reminder(client, reader, run_worker, mailoutbox):
    client.force_login(reader)
    page = client.get("/membership/").content.decode()
    month = page.split('<option value="')[1].split('"')[0]
    client.post("/membership/", {"month": month})
    client.post("/membership/reminder/cancel/")
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert mailoutbox == []
