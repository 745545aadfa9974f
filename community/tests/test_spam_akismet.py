"""The optional Akismet spam step: a comment Akismet calls spam is held for a
moderator, others published; off without AKISMET_API_KEY; a failing service
never blocks a comment. Akismet's servers are mocked at the HTTP layer
(httpx.MockTransport), so the real client library builds the real request."""

from urllib.parse import parse_qs

import httpx
import pytest

from community import spam
from community.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def akismet_server(monkeypatch, settings):
    settings.AKISMET_API_KEY = "test-akismet-key"
    settings.AKISMET_SITE_URL = "https://news.example"
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        seen.append((request.url.host, request.url.path, form))
        if request.url.path.endswith("/comment-check"):
            return httpx.Response(200, text="true" if "cheap pills" in form.get("comment_content", "") else "false")
        return httpx.Response(404)

    monkeypatch.setattr(spam, "_http_client", lambda: httpx.Client(transport=httpx.MockTransport(handler)))
    return seen


def _post(client, blog, body):
    return client.post(f"/live/{blog.slug}/comments/", {"body": body}, HTTP_ACCEPT="application/json",
                       REMOTE_ADDR="198.51.100.23", HTTP_USER_AGENT="Reader Browser 1.0")


def test_it_holds_what_akismet_calls_spam(client, blog, rosa, akismet_server):
    client.force_login(rosa)
    assert _post(client, blog, "Buy cheap pills at my shop").status_code == 200
    held = Comment.objects.get()
    assert held.status == "pending" and held.tags == ["spam"]
    host, path, form = akismet_server[0]
    assert (host, path) == ("rest.akismet.com", "/1.1/comment-check")
    assert form["api_key"] == "test-akismet-key" and form["blog"] == "https://news.example"
    assert form["user_ip"] == "198.51.100.23" and form["user_agent"] == "Reader Browser 1.0"
    assert form["comment_content"] == "Buy cheap pills at my shop" and form["comment_author_email"] == rosa.email


def test_it_publishes_what_akismet_calls_ham(client, blog, rosa, akismet_server):
    client.force_login(rosa)
    _post(client, blog, "The tide turned an hour ago.")
    assert Comment.objects.get().status == "published"
    assert len(akismet_server) == 1


def test_it_lets_comments_through_when_akismet_fails(client, blog, rosa, monkeypatch, settings):
    settings.AKISMET_API_KEY = "test-akismet-key"

    def down(request):
        raise httpx.ConnectError("no route to host", request=request)

    monkeypatch.setattr(spam, "_http_client", lambda: httpx.Client(transport=httpx.MockTransport(down)))
    client.force_login(rosa)
    assert _post(client, blog, "Buy cheap pills at my shop").status_code == 200
    assert Comment.objects.get().status == "published"


def test_it_asks_nobody_without_a_key(client, blog, rosa, akismet_server, settings):
    settings.AKISMET_API_KEY = ""
    client.force_login(rosa)
    _post(client, blog, "Buy cheap pills at my shop")
    assert Comment.objects.get().status == "published" and akismet_server == []
