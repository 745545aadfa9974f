import django_eventstream
from django.urls import include, path

urlpatterns = [
    # /events/?channel=bench — the library's documented set-up.
    path("events/", include(django_eventstream.urls)),
]
