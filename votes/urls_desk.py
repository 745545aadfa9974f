from django.urls import path

import newsline.lib.converters  # noqa: F401  (registers uslug: blog slugs in any script)
from votes.views import desk

app_name = "votes_desk"

urlpatterns = [
    path("blogs/<uslug:slug>/posts/<int:post_id>/poll/", desk.poll_add, name="poll_add"),
    path("blogs/<uslug:slug>/posts/<int:post_id>/poll/close/", desk.poll_close, name="poll_close"),
]
