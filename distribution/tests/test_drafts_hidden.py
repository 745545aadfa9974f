"""A draft blog appears in no feed, sitemap or topic page, even when it shares
a topic with public blogs."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/feed/",
    "/topics/weather/",
    "/topics/weather/feed/",
    "/sitemap.xml",
    "/sitemap-blogs.xml",
    "/sitemap-topics.xml",
    "/sitemap-news.xml",
]


def test_it_never_shows_a_draft_or_its_only_topic(client, make_blog, publish, editor):
    make_blog("storm", topics=["Weather"])
    draft = make_blog("secret-plans", headline="Secret plans", topics=["Weather", "Embargoed topic"], status="draft")
    # Posts written into the draft in advance (actions allow it) stay hidden too.
    publish(draft, headline="Prepared post")
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ("secret-plans", "Secret plans", "Prepared post", "Embargoed", "embargoed-topic"):
            assert secret not in body, (url, secret)
    for url in ["/live/secret-plans/feed/rss/", "/live/secret-plans/feed/atom/", "/live/secret-plans/feed/key-events/",
                "/topics/embargoed-topic/", "/topics/embargoed-topic/feed/"]:
        assert client.get(url).status_code == 404, url
