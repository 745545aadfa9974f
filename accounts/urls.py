"""Newsline's own account pages, beside allauth's under /accounts/."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_settings, name="settings"),
    path("language/", views.language, name="language"),
    path("data/", views.your_data, name="data"),
    path("data/export/", views.export, name="export"),
    path("delete/", views.delete, name="delete"),
]
