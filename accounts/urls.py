"""Newsline's own account pages, beside allauth's under /accounts/."""

from django.urls import path

from accounts.views import personal

app_name = "accounts"

urlpatterns = [
    path("profile/", personal.profile_settings, name="settings"),
    path("language/", personal.language, name="language"),
    path("data/", personal.your_data, name="data"),
    path("data/export/", personal.export, name="export"),
    path("delete/", personal.delete, name="delete"),
]
