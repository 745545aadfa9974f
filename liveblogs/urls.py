from django.conf import settings
from django.urls import path

import newsline.lib.converters  # noqa: F401  (registers uslug: blog slugs in any script)
from liveblogs.views import reader

app_name = "liveblogs"

urlpatterns = [
    path("", reader.front, name="front"),
    path("live/<uslug:slug>/", reader.blog, name="blog"),
    # A draft blog's page through a signed link (liveblogs.preview_links).
    path("preview/<str:token>/", reader.preview_link, name="preview_link"),
]

if getattr(settings, "SERVE_MEDIA", True) and settings.MEDIA_URL.startswith("/"):
    # Uploaded pictures, for the demo, tests and single-server set-ups; in
    # production nginx or the storage's own address serves MEDIA_URL.
    urlpatterns.append(path(f"{settings.MEDIA_URL.lstrip('/')}<path:path>", reader.media, name="media"))
