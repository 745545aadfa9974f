"""Responses that never enter Django (the fast lane's streams, catch-up and
errors; static files) get the same security headers as Django's, from the
outermost ASGI layer (operations/asgi.py)."""

import http.client
from urllib.parse import urlsplit

import pytest

from operations.asgi import security_headers
from tests.asyncio_thread import run_in_thread

pytestmark = pytest.mark.django_db(transaction=True)


def head_of(server, path):
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(server.url).port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    headers = {k.lower(): v for k, v in response.getheaders()}
    if path.endswith("/events"):
        conn.close()  # a stream: the headers are enough
    else:
        response.read()
        conn.close()
    return response.status, headers


def test_it_sends_the_security_headers_on_the_fast_lanes_own_responses(asgi_server, unique_blog):
    slug = unique_blog.slug
    for path, status in [
        (f"/live/{slug}/updates", 200),
        (f"/live/{slug}/events", 200),
        ("/live/no-such-blog/updates", 404),
        (f"/live/{slug}/", 200),  # the reader page, from the page cache
    ]:
        got, headers = head_of(asgi_server, path)
        assert got == status, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "nonce-" not in headers["content-security-policy"], path


def test_it_adds_hsts_outside_django_only_over_https(settings):
    settings.SECURE_HSTS_SECONDS = 600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    plain = {"scheme": "http", "headers": []}
    secure = {"scheme": "https", "headers": []}
    assert b"strict-transport-security" not in dict(security_headers(plain, []))
    assert dict(security_headers(secure, []))[b"strict-transport-security"] == b"max-age=600; includeSubDomains"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = {"scheme": "http", "headers": [(b"x-forwarded-proto", b"https")]}
    assert b"strict-transport-security" in dict(security_headers(proxied, []))
    settings.SECURE_HSTS_SECONDS = 0
    assert b"strict-transport-security" not in dict(security_headers(secure, []))


def test_it_leaves_headers_a_response_already_has_alone():
    have = [(b"Content-Security-Policy", b"frame-ancestors *"), (b"x-content-type-options", b"nosniff")]
    extra = dict(security_headers({"scheme": "http", "headers": []}, have))
    assert b"content-security-policy" not in extra and b"x-content-type-options" not in extra
    assert extra[b"referrer-policy"] == b"strict-origin-when-cross-origin"


def test_it_never_keeps_a_page_with_a_csp_nonce_in_the_page_cache():
    from realtime.pagecache import PageCache

    def app_sending(csp):
        async def app(scope, receive, send):
            await receive()
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"etag", b'"1-5-abc"'), (b"content-security-policy", csp)]})
            await send({"type": "http.response.body", "body": b"<p>page</p>"})
        return app

    scope = {"type": "http", "method": "GET", "path": "/live/x/", "query_string": b"", "headers": []}
    kept = run_in_thread(lambda: PageCache(app_sending(b"script-src 'self'"))._render(scope))
    assert kept is not None and kept.body == b"<p>page</p>"
    assert run_in_thread(lambda: PageCache(app_sending(b"script-src 'self' 'nonce-QUJD'"))._render(scope)) is None
