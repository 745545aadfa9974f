"""/api/v1/search: the site's search as JSON."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_searches(client, make_blog, publish, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        blog = make_blog("storm")
        publish(blog, headline="Flood barrier raised", body="<p>The <b>river</b> is high.</p>")
    body = client.get("/api/v1/search?q=flood").json()
    assert body["total"] == 1
    hit = body["results"][0]
    assert hit["title"] == "Flood barrier raised" and hit["kind"] == "post" and hit["blog"] == "storm"
    assert hit["url"].startswith("https://news.example.org/live/storm/?around=")


def test_it_needs_a_query_and_survives_odd_ones(client):
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=%22%28NEAR").json()["total"] == 0
