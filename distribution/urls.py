from django.urls import path

import newsline.lib.converters  # noqa: F401  (registers uslug: topics named in any script)
from distribution import desk_views, embeds, feeds, teaser, views

app_name = "distribution"

urlpatterns = [
    path("feed/", feeds.SiteFeed(), name="feed"),
    path("live/<uslug:slug>/feed/rss/", feeds.BlogFeed(), name="blog_rss"),
    path("live/<uslug:slug>/feed/atom/", feeds.BlogAtomFeed(), name="blog_atom"),
    path("live/<uslug:slug>/feed/key-events/", feeds.KeyEventsFeed(), name="blog_key_events"),
    path("embed/<uslug:slug>/", embeds.embed, name="embed"),
    path("live/<uslug:slug>/embed/", embeds.embed_alias, name="embed_alias"),
    path("oembed", embeds.oembed, name="oembed"),
    path("live/<uslug:slug>/teaser", teaser.teaser, name="teaser"),
    path("live/<uslug:slug>/teaser.json", teaser.teaser_json, name="teaser_json"),
    path("search", views.search, name="search"),
    path("topics/<uslug:slug>/", views.topic, name="topic"),
    path("topics/<uslug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("desk/api-tokens/", desk_views.api_tokens, name="api_tokens"),
    path("desk/api-tokens/<int:token_id>/revoke/", desk_views.api_token_revoke, name="api_token_revoke"),
    path("desk/webhooks/", desk_views.webhooks_list, name="webhooks"),
    path("desk/webhooks/<int:webhook_id>/", desk_views.webhook_detail, name="webhook"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
