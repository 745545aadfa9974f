"""Newsline's own account pages, beside allauth's under /accounts/."""

from django.urls import path

app_name = "accounts"

urlpatterns: list = []
