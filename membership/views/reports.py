"""Newsroom reports on reader revenue (editors and admins) and their CSV export."""

import csv
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from membership import reports as figures
from membership.access import can_view_reports
from membership.models import Payment

PERIODS = (7, 30, 90, 365)


def _days(request) -> int:
    try:
        days = int(request.GET.get("days", 30))
    except ValueError:
        return 30
    return days if days in PERIODS else 30


@login_required
@never_cache
@require_safe
def reports(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    days = _days(request)
    return render(request, "membership/reports.html", {**figures.summary(days), "periods": PERIODS})


@login_required
@never_cache
@require_safe
def payments_csv(request):
    if not can_view_reports(request.user):
        raise PermissionDenied
    days = _days(request)
    since = timezone.now() - timedelta(days=days)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-last-{days}-days.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["paid_at", "kind", "frequency", "amount", "currency", "amount_refunded", "status", "stripe_id", "user_id"]
    )
    rows = Payment.objects.filter(paid_at__gte=since).order_by("paid_at", "id").values_list(
        "paid_at", "kind", "frequency", "amount", "currency", "amount_refunded", "status", "stripe_id", "user_id"
    )
    for paid_at, kind, frequency, amount, currency, refunded, status, stripe_id, user_id in rows.iterator():
        # Amounts in major units with two decimals; never summed across currencies.
        writer.writerow(
            [paid_at.isoformat(), kind, frequency, f"{amount / 100:.2f}", currency, f"{refunded / 100:.2f}", status,
             stripe_id, user_id or ""]
        )
    return response
