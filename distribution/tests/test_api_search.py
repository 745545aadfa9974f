"""/api/v1/search: the site's search as JSON."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_searches(client, make_blog, publish, django_capture_on_commit_callbacks, run_jobs):
    with django_capture_on_commit_callbacks(execute=True):  # the wake-up queues the search consumer
        blog = make_blog("storm")
        publish(blog, headline="Flood barrier raised", body="<p>The <b>river</b> is high.</p>")
    run_jobs()  # the job worker brings the index up to the log
    body = client.get("/api/v1/search?q=flood").json()
    assert body["total"] == 1
    hit = body["results"][0]
    assert hit["title"] == "Flood barrier raised" and hit["kind"] == "post" and hit["blog"] == "storm"
    assert hit["url"].startswith("https://news.example.org/live/storm/?around=")


def test_it_needs_a_query_and_survives_odd_ones(client):
    assert client.get("/api/v1/search").status_code == 422
    assert client.get("/api/v1/search?q=%22%28NEAR").json()["total"] == 0
