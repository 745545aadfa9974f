from django import template
from django.utils.translation import gettext_lazy as _

from membership import plans
from membership.models import STRIPE_STATUS_LABELS

register = template.Library()


# Rows of the members-by-status report that are not Stripe statuses.
REPORT_ROW_LABELS = {"granted by hand": _("Granted by hand"), "on dispute hold": _("On dispute hold")}


@register.filter
def status_label(status: str) -> str:
    """A Stripe subscription status (or a report row) in words for the page."""
    return REPORT_ROW_LABELS.get(status) or STRIPE_STATUS_LABELS.get(status, status)


@register.filter
def money(amount_minor, currency):
    """12345|money:"GBP" → £123.45"""
    try:
        return plans.money(amount_minor, currency or "")
    except (TypeError, ValueError):
        return ""
