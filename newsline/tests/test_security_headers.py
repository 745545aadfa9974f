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


# Content-Security-Policy per page type (django-csp; newsline/middleware.py).

import re  # noqa: E402
from pathlib import Path  # noqa: E402

from django.conf import settings as django_settings  # noqa: E402

NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directive(csp: str, name: str) -> str:
    for part in csp.split(";"):
        part = part.strip()
        if part.split(" ", 1)[0] == name:
            return part
    raise AssertionError(f"{name} not in {csp!r}")


def test_it_serves_the_reader_page_with_no_nonce_and_the_same_bytes_to_everyone(client, blog, publish, reader):
    publish(blog, headline="Sea wall breached at the harbour")
    first = client.get("/live/storm/")
    client.force_login(reader)
    second = client.get("/live/storm/")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
    csp = first.headers["Content-Security-Policy"]
    assert "nonce-" not in csp and "unsafe-inline" not in csp
    assert directive(csp, "script-src") == "script-src 'self'"
    assert directive(csp, "style-src") == "style-src 'self'"
    assert b"nonce=" not in first.content


def test_it_puts_a_fresh_nonce_on_the_desk_compose_page_header_and_its_import_map(client, editor, blog):
    client.force_login(editor)
    nonces = []
    for _ in range(2):
        r = client.get("/desk/blogs/storm/")
        csp = r.headers["Content-Security-Policy"]
        script_src = directive(csp, "script-src")
        assert "unsafe-inline" not in script_src
        nonce = NONCE.search(script_src).group(1)
        assert f'<script type="importmap" nonce="{nonce}">' in r.content.decode()
        assert "frame-ancestors 'none'" in csp
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_it_puts_the_nonce_on_the_desk_edit_page_too(client, editor, blog, publish):
    post = publish(blog, headline="Roads reopen")
    client.force_login(editor)
    r = client.get(f"/desk/blogs/storm/posts/{post.pk}/edit/")
    nonce = NONCE.search(directive(r.headers["Content-Security-Policy"], "script-src")).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in r.content.decode()


def test_it_keeps_the_sign_in_page_strict_and_unframable(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert directive(csp, "frame-ancestors") == "frame-ancestors 'none'"
    assert "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_it_lets_other_sites_frame_the_embed_page_only(client, blog, publish):
    publish(blog, headline="Ferry services suspended")
    r = client.get("/embed/storm/")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert directive(csp, "frame-ancestors") == "frame-ancestors *"
    assert directive(csp, "script-src") == "script-src 'self'"
    assert "X-Frame-Options" not in r.headers
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_it_sends_the_headers_on_json_and_error_responses_too(client, blog):
    for path in ("/me", "/no-such-page/"):
        r = client.get(path)
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], path
        assert r.headers["X-Content-Type-Options"] == "nosniff", path
        assert r.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


# Every inline script or style in a template must carry the request's nonce;
# pages read by the public (cached, same bytes for everyone) must have none.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b[^>]*>", re.I)
STYLE_ATTR = re.compile(r"""\sstyle=["']""", re.I)


def _templates():
    root = Path(django_settings.BASE_DIR)
    for path in root.rglob("*.html"):
        rel = path.relative_to(root).as_posix()
        if "/templates/" in f"/{rel}" and not rel.startswith((".venv", "var/", "bench/", "node_modules")):
            yield rel, path.read_text()


def test_it_finds_no_inline_script_or_style_without_the_nonce_in_any_template():
    templates = list(_templates())
    assert any(rel.endswith("liveblogs/blog.html") for rel, _ in templates)
    for rel, text in templates:
        for tag in INLINE_SCRIPT.findall(text) + INLINE_STYLE.findall(text):
            assert "csp_nonce" in tag, f"{rel}: {tag}"
        assert not STYLE_ATTR.search(text), f"{rel}: a style= attribute (use a class)"


def test_it_frames_the_embed_page_only_for_the_configured_sites(tmp_path):
    import os
    import subprocess
    import sys

    code = "import django; django.setup(); from newsline.middleware import EMBED_CSP; print(EMBED_CSP)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsline.settings", "SECRET_KEY": "test-only",
           "EMBED_FRAME_ANCESTORS": "https://partner.example, https://*.example.org"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "frame-ancestors https://partner.example https://*.example.org" in out.stdout
    env["EMBED_FRAME_ANCESTORS"] = "https://partner.example; script-src *"
    bad = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert bad.returncode != 0 and "EMBED_FRAME_ANCESTORS" in bad.stderr
