"""`{% javascript_catalog %}`: the script that gives the page's browser code
its translations (gettext, ngettext, interpolate) in the page's language;
`|news_time` and `|news_datetime`: times in the newsroom's zone, written the
way the page's language writes them."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import translation
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import pgettext

from newsline.lib.languages import supported
from newsline.views import javascript_catalog_url

register = template.Library()


@register.simple_tag
def javascript_catalog():
    # A classic deferred script runs before the page's modules (also deferred, later in the page).
    url = javascript_catalog_url(supported(translation.get_language()))
    return format_html('<script src="{}" defer></script>', url)


# Dates and times in the newsroom's zone (the `date` filter converts), written
# as the active language writes them. English keeps the newsroom's house style
# ("5 December 2026, 14:05 GMT"); other languages use Django's formats for them
# ("5. Dezember 2026, 14:05 CET", "5 грудня 2026 р., 14:05", "5 ديسمبر، 2026، 2:05 م").
_ENGLISH = {
    "time": "H:i T", "short_time": "H:i",
    "": "j F Y", "no_year": "j F", "short": "j M Y", "short_no_year": "j M",
}


def _english() -> bool:
    return (translation.get_language() or "en").startswith("en")


def _date_format(variant: str) -> str:
    if _english():
        return _ENGLISH[variant]
    month_day = get_format("MONTH_DAY_FORMAT")
    if "E" in get_format("DATE_FORMAT"):
        # A language whose dates take the month's genitive ("5 грудня") wants it
        # without the year too; Django's MONTH_DAY_FORMAT gives the nominative.
        month_day = month_day.replace("F", "E")
    return {
        "": get_format("DATE_FORMAT"), "no_year": month_day,
        "short": get_format("SHORT_DATE_FORMAT"), "short_no_year": month_day,
    }[variant]


def _time_format(short: bool) -> str:
    if _english():
        return _ENGLISH["short_time" if short else "time"]
    return get_format("TIME_FORMAT") + ("" if short else " T")


@register.filter(expects_localtime=True)
def news_time(value, variant: str = ""):
    """The time of day: `|news_time` (with the zone), `|news_time:"short"` (without)."""
    if not value:
        return ""
    return date_filter(value, _time_format(variant == "short"))


@register.filter(expects_localtime=True)
def news_datetime(value, variant: str = ""):
    """Date and time: `|news_datetime`, or with "no_year", "short" (abbreviated month), "short_no_year"."""
    if not value:
        return ""
    # Translators: between a date and a time of day, as in "5 December 2026, 14:05".
    separator = pgettext("date, time", ", ")
    return date_filter(value, _date_format(variant)) + separator + date_filter(value, _time_format(False))


@register.filter
def news_number(value, decimal_pos=None):
    """A number as the page's language writes it, thousands grouped ("12,345", "12.345")."""
    if value is None or value == "":
        return ""
    from django.utils.formats import number_format

    return number_format(value, decimal_pos=decimal_pos, force_grouping=True)
