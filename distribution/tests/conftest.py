import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from liveblogs import actions

SITE_URL = "https://news.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """A SITE_URL unlike the test client's host, so a URL built from the
    request would show."""
    settings.SITE_URL = SITE_URL
    settings.NEWSROOM_NAME = "The Example Times"
    return SITE_URL


@pytest.fixture
def make_blog(editor):
    """make_blog(slug, status="live", topics=[...]) through the real actions."""

    def _make(slug, *, headline=None, status="live", topics=None):
        blog = actions.create_blog(by=editor, headline=headline or slug.title(), slug=slug, topics=topics or [])
        if status in ("live", "ended"):
            blog = actions.open_blog(blog=blog, by=editor)
        if status == "ended":
            blog = actions.close_blog(blog=blog, by=editor)
        return blog

    return _make


@pytest.fixture
def live(django_capture_on_commit_callbacks, run_jobs):
    """live(fn, *args, **kwargs): run a write and what follows it, as in
    production: its commit's wake-up (which queues the log's consumers),
    then the job worker (the search index, webhooks...)."""

    def _run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = fn(*args, **kwargs)
        run_jobs()
        return result

    return _run


@pytest.fixture
def make_token():
    """make_token(user, scopes=[...]) -> the secret, through the real action."""
    from distribution.actions import create_api_token

    def _make(user, scopes=("read", "post", "edit")):
        return create_api_token(user=user, name="Test tool", scopes=list(scopes))[1]

    return _make


@pytest.fixture
def bearer():
    def _headers(secret):
        return {"Authorization": f"Bearer {secret}"}

    return _headers


@pytest.fixture
def other_origin():
    """other_origin(html) -> the URL of a page served on a second local
    origin (another port), as a partner's or front page would be."""
    servers = []

    def serve(html: str) -> str:
        page = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
