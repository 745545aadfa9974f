"""Django's admin under the site's strict Content-Security-Policy (no
'unsafe-inline' for scripts or styles): its index, a change list with
filters, search and actions, change and add forms with their date and
related-object widgets, and a lookup popup run in a real browser with no
violation reported."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.test_content_security_policy import WATCH, violations, watched

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_runs_the_admin_with_the_strict_policy_and_no_violation(live_server, new_page, admin_user, reader, editor):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    page = watched(new_page())
    page.context.add_init_script(WATCH)  # the lookup popup too
    page.context.add_cookies([{
        "name": django_settings.SESSION_COOKIE_NAME,
        "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url,
    }])

    response = page.goto(f"{live_server.url}/admin/")
    csp = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    expect(page.locator("#content")).to_contain_text("Users")

    # A change list: filters, search, the actions bar (actions.js).
    page.goto(f"{live_server.url}/admin/accounts/user/?role=editor")
    expect(page.locator("#result_list")).to_contain_text(editor.username)
    page.locator("#action-toggle").check()
    expect(page.locator(".action-counter")).to_contain_text("1 of 1 selected")

    # A change form: password widget, date and time shortcuts (calendar.js).
    page.goto(f"{live_server.url}/admin/accounts/user/{reader.pk}/change/")
    expect(page.locator("#id_username")).to_have_value(reader.username)
    page.locator("#calendarlink0").click()
    expect(page.locator("#calendarbox0")).to_be_visible()
    page.keyboard.press("Escape")

    # An add form with related-object lookups that open a popup.
    page.goto(f"{live_server.url}/admin/community/standing/add/")
    with page.expect_popup() as opened:
        page.locator("#lookup_id_user").click()
    popup = opened.value
    popup.reports = []
    popup.on("console", lambda m: popup.reports.append(m.text) if "Content Security Policy" in m.text else None)
    popup.wait_for_load_state()
    expect(popup.locator("#content")).to_be_visible()

    page.goto(f"{live_server.url}/admin/accounts/user/add/")
    expect(page.locator("#id_username")).to_be_visible()

    assert violations(popup) == []
    assert violations(page) == []
