from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "votes"
    verbose_name = _("Polls and reactions")

    def ready(self):
        # The post card shows a post's poll: fetched with the post by a join
        # (no query of its own on the reader page), and the results ride on
        # the blog's stream under their own source name.
        from liveblogs import models as liveblog_models
        from votes import stream  # noqa: F401

        if "poll" not in liveblog_models.CARD_JOINS:
            liveblog_models.CARD_JOINS.append("poll")
