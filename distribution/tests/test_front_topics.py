"""The front page groups live coverage by topic."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_groups_live_blogs_by_topic(client, make_blog, publish):
    make_blog("storm", headline="Storm hits the coast", topics=["Weather"])
    busy = make_blog("vote", headline="Election night", topics=["Politics"])
    make_blog("old", headline="Old count", topics=["Politics"], status="ended")
    make_blog("secret", headline="Secret", topics=["Mergers"], status="draft")
    publish(busy, headline="Polls close")
    html = client.get("/").content.decode()
    section = html[html.index('id="by-topic"'):]
    assert section.index(">Politics<") < section.index(">Weather<")
    politics = section[section.index(">Politics<"):section.index(">Weather<")]
    assert "Election night" in politics and "Old count" not in politics
    assert "Mergers" not in html


def test_it_costs_a_fixed_number_of_queries(client, make_blog, django_assert_max_num_queries):
    for i in range(6):
        make_blog(f"b{i}", topics=[f"Topic {i % 3}"])
    client.get("/")
    with django_assert_max_num_queries(12) as captured:
        client.get("/")
    before = len(captured)
    for i in range(6, 12):
        make_blog(f"b{i}", topics=[f"Topic {i % 4}"])
    with django_assert_max_num_queries(before):
        client.get("/")


def test_it_offers_search(client):
    assert 'action="/search"' in client.get("/").content.decode()
