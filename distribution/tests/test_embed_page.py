"""/embed/<slug>/: the framed page for other sites."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_latest_posts_and_a_link_back(client, blog, publish, settings):
    pinned = publish(blog, headline="Pinned note", is_pinned=True)
    for i in range(12):
        publish(blog, headline=f"Update {i}")
    response = client.get("/embed/storm/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Update 11" in html and "Update 2" in html and "Update 1<" not in html
    assert f'id="post-{pinned.pk}"' in html
    assert 'Read more on The Example Times' in html
    assert 'href="https://news.example.org/live/storm/"' in html
    assert 'data-updates-url="/live/storm/updates"' in html


def test_it_may_be_framed_by_any_site_unlike_other_pages(client, blog):
    response = client.get("/embed/storm/")
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    other = client.get("/live/storm/")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]
    assert other["X-Frame-Options"] == "DENY"


def test_it_is_public_and_the_same_for_everyone(client, blog, reader):
    anonymous = client.get("/embed/storm/")
    client.force_login(reader)
    signed_in = client.get("/embed/storm/")
    assert signed_in.content == anonymous.content
    assert not signed_in.cookies
    assert anonymous["Cache-Control"].startswith("public")


def test_it_takes_a_theme(client, blog):
    assert 'data-theme="dark"' in client.get("/embed/storm/?theme=dark").content.decode()
    assert 'data-theme="auto"' in client.get("/embed/storm/?theme=<script>").content.decode()


def test_it_is_not_found_for_drafts(client, make_blog):
    make_blog("secret", status="draft")
    assert client.get("/embed/secret/").status_code == 404


def test_it_answers_at_the_blogs_own_address_too(client, blog):
    response = client.get("/live/storm/embed/?theme=dark")
    assert response.status_code == 301
    assert response["Location"] == "/embed/storm/?theme=dark"
