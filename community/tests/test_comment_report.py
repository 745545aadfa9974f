import pytest

from community.models import Report

pytestmark = pytest.mark.django_db


def test_it_takes_one_report_per_reader_with_a_reason(client, blog, rosa, sam, comment_on):
    comment = comment_on(rosa)
    client.force_login(sam)
    r = client.post(
        f"/comments/{comment.pk}/report", {"reason": "abuse", "note": "Name-calling"}, HTTP_ACCEPT="application/json"
    )
    assert r.status_code == 200
    again = client.post(f"/comments/{comment.pk}/report", {"reason": "spam"}, HTTP_ACCEPT="application/json")
    assert again.status_code == 400 and "already reported" in again.json()["error"]
    report = Report.objects.get()
    assert (report.reason, report.note, report.reporter) == ("abuse", "Name-calling", sam)


def test_it_refuses_a_report_without_a_valid_reason(client, blog, rosa, sam, comment_on):
    comment = comment_on(rosa)
    client.force_login(sam)
    r = client.post(f"/comments/{comment.pk}/report", {"reason": "because"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400
    assert not Report.objects.exists()


def test_it_refuses_reports_from_anonymous_readers(client, blog, rosa, comment_on):
    comment = comment_on(rosa)
    r = client.post(f"/comments/{comment.pk}/report", {"reason": "spam"}, HTTP_ACCEPT="application/json")
    assert r.status_code == 403
