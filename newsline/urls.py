from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("desk/", include("liveblogs.urls_desk")),
    path("admin/", admin.site.urls),
    path("", include("liveblogs.urls")),
]
