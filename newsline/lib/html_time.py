"""Times for machines inside HTML: `<time datetime="…">` and the `published`
field live pages copy into one.

HTML's valid date-time strings allow at most three digits of fractional
seconds; Python's isoformat() and Django's `date:'c'` write microseconds (six),
which the Nu HTML Checker rejects. Every such attribute goes through
`html_datetime` (a built-in template filter, so no `{% load %}`): the
newsroom's local time to the second, with its UTC offset."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter(is_safe=True)
def html_datetime(value: datetime | date | None) -> str:
    """`2026-12-03T22:04:18+00:00`: seconds, no fraction, in the current
    time zone (the newsroom's, as the text beside it); a date stays a date;
    nothing for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
