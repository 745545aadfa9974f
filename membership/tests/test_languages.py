"""Membership pages and email in the member's language (docs/i18n.md): the
membership page in German for a member who chose German, the support page in
Arabic for a browser that asks for it, and the contribution reminder written
in the member's language by the job worker, which has no browser to ask."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_it_shows_the_membership_page_in_the_members_language(client, reader):
    reader.language = "de"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    html = client.get("/membership/").content.decode()
    assert "<h1>Ihre Mitgliedschaft</h1>" in html
    assert "Premium abschließen" in html  # Join Premium
    assert "Erinnerung einrichten" in html  # Set reminder


def test_it_shows_the_support_page_in_the_browsers_language(client):
    html = client.get("/support/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    with translation.override("ar"):  # the reader page shows the same default appeal: one translation
        title = translation.gettext("Our reporting is free to read")
    assert title != "Our reporting is free to read"
    assert f"<h1>{title}</h1>" in html  # the default appeal
    assert "تابع إلى الدفع الآمن" in html  # Continue to secure payment
    assert "شهريًا" in html  # the Monthly choice


@pytest.mark.django_db(transaction=True)
def test_it_writes_the_reminder_email_in_the_members_language(client, reader, run_worker, mailoutbox):
    reader.language = "uk"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    page = client.get("/membership/").content.decode()
    month = page.split('<option value="')[1].split('"')[0]
    client.post("/membership/", {"month": month})
    DBTaskResult.objects.filter(task_path="membership.tasks.send_contribution_reminder").update(
        run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Ваше нагадування підтримати ")
    assert "Ви просили нагадати вам цього місяця" in mailoutbox[0].body
