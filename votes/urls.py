from django.urls import path

import newsline.lib.converters  # noqa: F401  (registers uslug: blog slugs in any script)
from votes.views import reader

app_name = "votes"

# Everything under /votes/, so the anonymous voter cookie (path /votes/)
# never travels with a request for a cached reader page.
urlpatterns = [
    path("votes/voter", reader.voter, name="voter"),
    path("votes/blogs/<uslug:slug>/results", reader.results_view, name="results"),
    path("votes/polls/<int:poll_id>/", reader.poll_page, name="poll"),
    path("votes/posts/<int:post_id>/reactions/", reader.reactions_page, name="reactions"),
]
