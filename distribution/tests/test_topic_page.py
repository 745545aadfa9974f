"""/topics/<slug>/: a topic's live blogs, then its past ones."""

import pytest

from distribution.views import TOPIC_PAGE_SIZE
from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_lists_live_blogs_then_ended_ones(client, make_blog, publish):
    quiet = make_blog("quiet", headline="Quiet story", topics=["Weather"])
    busy = make_blog("busy", headline="Busy story", topics=["Weather"])
    make_blog("done", headline="Finished story", topics=["Weather"], status="ended")
    make_blog("vote", headline="Election night", topics=["Politics"])
    publish(busy, headline="News")
    response = client.get("/topics/weather/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Weather</h1>" in html
    assert (
        html.index("Busy story")
        < html.index("Quiet story")
        < html.index("Past coverage")
        < html.index("Finished story")
    )
    assert "Election night" not in html
    assert f'href="{quiet.get_absolute_url()}"' in html


def test_it_never_lists_drafts(client, make_blog):
    make_blog("storm", headline="Storm hits the coast", topics=["Weather"])
    make_blog("snow", headline="Snow warning draft", topics=["Weather"], status="draft")
    assert "Snow warning draft" not in client.get("/topics/weather/").content.decode()


def test_it_is_not_found_for_an_unknown_topic_or_one_with_only_drafts(client, make_blog):
    make_blog("snow", headline="Snow warning", topics=["Winter"], status="draft")
    assert client.get("/topics/nope/").status_code == 404
    assert client.get("/topics/winter/").status_code == 404


def test_it_pages_past_coverage(client, make_blog):
    for i in range(TOPIC_PAGE_SIZE + 2):
        make_blog(f"old-{i}", headline=f"Old story {i}", topics=["Weather"], status="ended")
    first = client.get("/topics/weather/").content.decode()
    second = client.get("/topics/weather/?page=2").content.decode()
    assert "Old story 0<" not in first and "Old story 0<" in second
    assert f"Old story {TOPIC_PAGE_SIZE + 1}<" in first
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert '<link rel="canonical" href="https://news.example.org/topics/weather/?page=2">' in second


def test_it_is_public_and_advertises_its_feed(client, make_blog, reader, site_url, settings):
    make_blog("storm", topics=["Weather"])
    client.force_login(reader)
    response = client.get("/topics/weather/")
    assert (
        response["Cache-Control"]
        == f"public, max-age={settings.READER_CACHE_MAX_AGE}, stale-while-revalidate={settings.READER_CACHE_SWR}"
    )
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Weather | The Example Times" '
        f'href="{site_url}/topics/weather/feed/">'
        in response.content.decode()
    )


def test_it_is_linked_from_the_topic_names_on_a_blog(client, editor, blog):
    actions.update_blog(
        blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=["Weather", "UK news"]
    )
    html = client.get("/live/storm/").content.decode()
    assert '<a class="topic" href="/topics/weather/">Weather</a>' in html
    assert '<a class="topic" href="/topics/uk-news/">UK news</a>' in html
    assert client.get("/topics/uk-news/").status_code == 200
