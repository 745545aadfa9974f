import pytest

pytestmark = pytest.mark.django_db


def test_it_sends_a_strict_content_security_policy_on_reader_pages(client, blog):
    r = client.get("/live/storm/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert r.headers["X-Frame-Options"] == "DENY"


def test_it_keeps_staff_pages_out_of_shared_caches(client, editor):
    client.force_login(editor)
    r = client.get("/desk/")
    assert "no-store" in r.headers["Cache-Control"]
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_it_adds_hsts_only_when_served_over_https(client, blog, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get("/live/storm/").headers
    r = client.get("/live/storm/", secure=True)
    assert r.headers["Strict-Transport-Security"].startswith("max-age=3600")
