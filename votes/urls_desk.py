from django.urls import path

from votes.views import desk

app_name = "votes_desk"

urlpatterns = [
    path("blogs/<slug:slug>/posts/<int:post_id>/poll/", desk.poll_add, name="poll_add"),
    path("blogs/<slug:slug>/posts/<int:post_id>/poll/close/", desk.poll_close, name="poll_close"),
]
