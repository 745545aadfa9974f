from django.urls import path

from liveblogs.views import reader

app_name = "liveblogs"

urlpatterns = [
    path("", reader.front, name="front"),
    path("live/<slug:slug>/", reader.blog, name="blog"),
]
