"""html_datetime: the one way a time goes into a <time datetime> attribute."""

from datetime import date, datetime, timedelta, timezone

from django.template import engines
from django.utils import timezone as dj_timezone

from newsline.lib.html_time import html_datetime

MOMENT = datetime(2026, 12, 3, 22, 4, 18, 161790, tzinfo=timezone.utc)


def test_it_drops_the_microseconds_html_does_not_allow():
    with dj_timezone.override("UTC"):
        assert html_datetime(MOMENT) == "2026-12-03T22:04:18+00:00"


def test_it_gives_the_newsrooms_local_time_with_its_offset():
    with dj_timezone.override("Europe/Kyiv"):
        assert html_datetime(MOMENT) == "2026-12-04T00:04:18+02:00"


def test_it_keeps_a_date_a_date_and_none_empty():
    assert html_datetime(date(2026, 12, 3)) == "2026-12-03"
    assert html_datetime(None) == ""


def test_it_is_a_filter_every_template_has_without_loading_it():
    template = engines["django"].from_string('<time datetime="{{ t|html_datetime }}">')
    with dj_timezone.override("UTC"):
        html = template.render({"t": MOMENT + timedelta(microseconds=1)})
    assert html == '<time datetime="2026-12-03T22:04:18+00:00">'
