"""The server-error handler (operations/errors.py): a database outage is a
503 that gives the sent form back; anything else is the plain 500 page."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path


def _database_down(request):
    try:
        raise ConnectionRefusedError("connection refused")
    except ConnectionRefusedError as exc:
        raise OperationalError("could not connect to server") from exc


def _bug(request):
    raise ValueError("a bug")


urlpatterns = [path("down/", _database_down), path("bug/", _bug)]
handler500 = "operations.errors.server_error"


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_it_is_the_sites_server_error_handler():
    import newsline.urls

    assert newsline.urls.handler500 == "operations.errors.server_error"


def test_it_answers_503_and_gives_the_form_back_when_the_database_is_down(client):
    response = client.post(
        "/down/?blog=1",
        {"headline": "Polls close", "body": "<p>Queues & rain</p>", "intent": "publish", "password": "hunter2"},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert 'action="/down/?blog=1"' in page
    assert 'value="Polls close"' in page
    assert "&lt;p&gt;Queues &amp; rain&lt;/p&gt;</textarea>" in page
    assert '<input type="hidden" name="intent" value="publish">' in page
    assert "hunter2" not in page  # secrets are never echoed
    assert "sessionid" not in response.cookies


def test_it_says_try_again_for_a_read_when_the_database_is_down(client):
    response = client.get("/down/")
    assert response.status_code == 503
    assert "<form" not in response.content.decode()
    assert "Try again" in response.content.decode()


def test_it_answers_other_errors_with_the_plain_500_page(client):
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "database" not in response.content.decode()
