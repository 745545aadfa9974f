"""Every page a reader, a journalist or a moderator sees passes axe-core
(Deque's accessibility engine, run inside Chromium; it comes inside the
axe-playwright-python wheel from PyPI) on WCAG 2.2 A and AA and axe's best
practices, in the state a person sees it: signed in as its persona, after
its scripts have run, the reader's pages in light and dark colour schemes.
Any violation fails, each named with the selectors axe gives."""

import pytest

from tests.browser.pages import PAGES, axe_violations, describe

# The walk writes the demo into the test database (and flushes it after): the
# database must be set up even when this file runs alone.
pytestmark = pytest.mark.django_db(transaction=True)


def test_it_finds_no_accessibility_violations_on_any_page(page_visits):
    assert {v.page.name for v in page_visits} >= {p.name for p in PAGES}
    found = [f"{v.page.name} ({v.url}): {describe(x)}" for v in page_visits for x in v.violations]
    assert not found, f"{len(found)} axe-core violation(s):\n" + "\n".join(found)


def test_it_finds_a_violation_when_there_is_one(new_page):
    """axe really runs: grey text of 3.8:1 on white (the comment times'
    contrast before it was fixed) is a violation of WCAG's 4.5:1."""
    page = new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title>'
        '<main><h1>Comments</h1><p style="color:#5487b4">11 min ago</p></main>'
    )
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["color-contrast"]
    described = describe(violations[0])
    assert described.startswith("color-contrast (serious): Elements must meet minimum color contrast ratio")
    assert "at p (Element has insufficient color contrast of 3.81 (foreground color: #5487b4" in described
