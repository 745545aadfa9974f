"""The OpenAPI document, fuzzed: schemathesis generates requests for every
operation from /api/v1/openapi.json (valid and invalid input) and sends them
through Django's WSGI application against the test database; no answer may
be a server error. Writes carry a real editor token, so they run too."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from distribution import api

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def api_schema(db, blog, publish, editor, monkeypatch):
    # Fuzzing sends far more requests than any client may; the limits are
    # tested in test_api_write.py.
    monkeypatch.setattr(api, "READ_LIMIT_ANONYMOUS", 10**6)
    monkeypatch.setattr(api, "READ_LIMIT_TOKEN", 10**6)
    monkeypatch.setattr(api, "WRITE_LIMIT", 10**6)
    publish(blog, headline="A post to find", is_pinned=True)
    publish(blog, headline="Another", is_key_event=True)
    # As Django's test client does: a raw WSGI call would otherwise close
    # the test's database connection at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def auth(editor, make_token):
    return {"Authorization": f"Bearer {make_token(editor)}"}


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_never_answers_with_a_server_error(case, auth):
    response = case.call(headers=auth)
    case.validate_response(response, checks=[not_a_server_error], headers=auth)
    assert response.status_code < 500, response.text


def test_it_serves_the_openapi_document_and_a_reference_page(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/blogs/{slug}/posts" in document["paths"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "POST /api/v1/blogs/{slug}/posts" in page.content.decode()
