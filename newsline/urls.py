from django.contrib import admin
from django.urls import include, path

from accounts.views.personal import me, staff_sign_in
from distribution.api import api as distribution_api
from newsline.views import javascript_catalog

urlpatterns = [
    # Staff sign in through allauth like everyone (password limits, two-factor):
    # these come before the desk's and admin's own sign-in pages, which they replace.
    path("admin/login/", staff_sign_in),
    path("desk/", include("liveblogs.urls_desk")),
    path("desk/", include("votes.urls_desk")),  # polls on posts (docs/polls.md)
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("me", me, name="me"),
    # The browser code's translations, per language and version (docs/i18n.md).
    path("jsi18n/<slug:language>.<slug:version>.js", javascript_catalog, name="javascript_catalog"),
    path("", include("operations.urls")),  # /healthz, /readyz, /metrics
    path("api/v1/", distribution_api.urls),  # the REST API (docs/api.md)
    path("", include("distribution.urls")),
    path("", include("community.urls")),
    path("", include("votes.urls")),
    path("", include("pushalerts.urls")),  # Web Push alerts and the service worker (docs/community.md)
    path("", include("membership.urls")),
    path("", include("liveblogs.urls")),
]

# A database outage answers 503 and gives a sent form back (operations/errors.py).
handler500 = "operations.errors.server_error"
