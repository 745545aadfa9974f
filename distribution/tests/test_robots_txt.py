"""/robots.txt"""

import pytest

pytestmark = pytest.mark.django_db


def test_it_points_at_both_sitemaps_at_site_url(client, site_url):
    response = client.get("/robots.txt", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {site_url}/sitemap.xml" in lines
    assert f"Sitemap: {site_url}/sitemap-news.xml" in lines
    assert "localhost" not in response.content.decode()


def test_it_keeps_crawlers_out_of_the_desk_and_streams_but_not_blogs(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /desk/" in lines
    assert "Disallow: /live/*/events" in lines
    assert "Disallow: /" not in lines and "Disallow: /live/" not in lines


def test_it_is_public_and_cacheable(client):
    response = client.get("/robots.txt")
    assert response["Cache-Control"] == "public, max-age=3600"
    assert not response.cookies
