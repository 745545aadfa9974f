from django.contrib import admin
from django.urls import include, path

from accounts.views import me

urlpatterns = [
    path("desk/", include("liveblogs.urls_desk")),
    path("admin/", admin.site.urls),
    path("me", me, name="me"),
    path("", include("distribution.urls")),
    path("", include("liveblogs.urls")),
]
