from django import template

from membership import plans

register = template.Library()


@register.filter
def money(amount_minor, currency):
    """12345|money:"GBP" → £123.45"""
    try:
        return plans.money(amount_minor, currency or "")
    except (TypeError, ValueError):
        return ""
