from django.urls import path

from pushalerts import views

app_name = "pushalerts"

urlpatterns = [
    path("push/subscribe", views.subscribe, name="subscribe"),
    path("push/unsubscribe", views.unsubscribe, name="unsubscribe"),
    path("push/status", views.status, name="status"),
    path("push-sw.js", views.service_worker, name="service_worker"),
]
