from django.urls import include, path

import django_eventstream

urlpatterns = [
    # /events/?channel=bench — the library's documented set-up.
    path("events/", include(django_eventstream.urls)),
]
