"""Dates as each language writes them (newsline/templatetags/newsline_i18n.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

WHEN = datetime(2026, 12, 5, 20, 40, tzinfo=ZoneInfo("UTC"))


def _render(language: str, variant: str) -> str:
    with translation.override(language):
        return Template('{% load newsline_i18n %}{{ when|news_datetime:variant }}').render(
            Context({"when": WHEN, "variant": variant})
        )


@pytest.mark.parametrize("variant", ["", "no_year"])
def test_ukrainian_dates_take_the_months_genitive_with_or_without_the_year(settings, variant):
    settings.TIME_ZONE = "Europe/London"
    text = _render("uk", variant)
    assert "грудня" in text and "Грудень" not in text


def test_english_keeps_the_house_style(settings):
    settings.TIME_ZONE = "Europe/London"
    assert _render("en-gb", "no_year") == "5 December, 20:40 GMT"
