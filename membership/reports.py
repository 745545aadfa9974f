"""Newsroom figures: members by status, MRR per currency, donations by day
and by amount, churn. Money is never added across currencies."""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext

from membership import plans
from membership.models import GRACE_STATE, Kind, Membership, Payment, Subscription
from membership.templatetags.membership_tags import status_label
from newsline.charts import Bar, bar_chart


def members_by_status(now) -> list[tuple[str, int]]:
    rows = dict(
        Subscription.objects.premium()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    rows["granted by hand"] = Membership.objects.filter(granted_until__gt=now).count()
    rows["on dispute hold"] = Membership.objects.filter(dispute_hold=True).count()
    order = ["active", "trialing", GRACE_STATE, "unpaid", "incomplete", "canceled", "incomplete_expired", "paused"]
    ordered = [(s, rows.pop(s)) for s in order if s in rows]
    return ordered + sorted(rows.items())


def mrr() -> list[dict]:
    """Monthly recurring revenue per currency and kind, annual plans divided by 12."""
    monthly = Sum(
        Cast(F("amount"), FloatField()) / 12, filter=Q(interval="year")
    )
    rows = (
        Subscription.objects.paying()
        .values("currency", "kind")
        .annotate(
            n=Count("id"),
            month_total=Sum("amount", filter=Q(interval="month")),
            year_as_months=monthly,
        )
        .order_by("currency", "kind")
    )
    out = []
    for r in rows:
        minor = (r["month_total"] or 0) + (r["year_as_months"] or 0)
        out.append({**r, "mrr_minor": minor, "mrr": plans.money(round(minor), r["currency"])})
    return out


def donations_by_day(now, days: int) -> dict[str, dict]:
    start = (now - timedelta(days=days - 1)).date()
    rows = (
        Payment.objects.donations()
        .counted()
        .filter(paid_at__date__gte=start)
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "currency")
        .annotate(n=Count("id"), total=Sum("amount"))
        .order_by("day")
    )
    by_currency = defaultdict(dict)
    for r in rows:
        by_currency[r["currency"]][r["day"]] = r
    charts = {}
    for currency, per_day in sorted(by_currency.items()):
        bars = []
        for i in range(days):
            day = start + timedelta(days=i)
            r = per_day.get(day)
            total = r["total"] if r else 0
            bars.append(
                Bar(
                    label=day.strftime("%d %b"),
                    value=total,
                    text=f"{day:%d %b}: {plans.money(total, currency)} from {r['n'] if r else 0}",
                )
            )
        charts[currency] = {
            **bar_chart(bars),
            "total": plans.money(sum(b.value for b in bars), currency),
            "count": sum(per_day[d]["n"] for d in per_day),
        }
    return charts


def donations_by_amount(now, days: int) -> dict[str, list[tuple[str, int]]]:
    rows = (
        Payment.objects.donations()
        .counted()
        .filter(paid_at__gte=now - timedelta(days=days))
        .values("currency", "amount")
        .annotate(n=Count("id"))
        .order_by("currency", "amount")
    )
    out = defaultdict(list)
    for r in rows:
        out[r["currency"]].append((plans.money(r["amount"], r["currency"]), r["n"]))
    return dict(out)


def churn(now, days: int) -> dict:
    """Premium subscriptions that ended in the period, over those running at its start."""
    start = now - timedelta(days=days)
    premium = Subscription.objects.premium()
    at_start = premium.filter(Q(started_at__lt=start) | Q(started_at__isnull=True, created_at__lt=start)).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=start)
    ).count()
    ended = premium.filter(ended_at__gte=start, ended_at__lte=now).count()
    joined = premium.filter(started_at__gte=start).count()
    rate = f"{number_format(ended / at_start * 100, decimal_pos=1)}%" if at_start else gettext("n/a")
    return {"at_start": at_start, "ended": ended, "joined": joined, "rate": rate}


def refunds_and_disputes(now, days: int) -> dict:
    since = now - timedelta(days=days)
    recent = Payment.objects.filter(paid_at__gte=since)
    return {
        "refunded": recent.filter(status__in=[Payment.Status.REFUNDED, Payment.Status.PARTLY_REFUNDED]).count(),
        "disputed": recent.filter(status=Payment.Status.DISPUTED).count(),
    }


def summary(days: int = 30) -> dict:
    now = timezone.now()
    statuses = members_by_status(now)
    return {
        "days": days,
        "statuses": statuses,
        "status_chart": bar_chart(
            [Bar(label=str(status_label(s)), value=n, text=f"{status_label(s)}: {n}") for s, n in statuses],
            height=140,
        ),
        "mrr": mrr(),
        "donations_by_day": donations_by_day(now, days),
        "donations_by_amount": donations_by_amount(now, days),
        "churn": churn(now, days),
        "refunds": refunds_and_disputes(now, days),
        "kinds": Kind,
    }
