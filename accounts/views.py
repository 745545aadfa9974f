"""The private endpoint reader pages call by script for personal parts.

Reader pages are the same bytes for everyone; whatever is personal (who is
signed in, links for staff) comes from here, never cached by anyone."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.utils.module_loading import import_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


def _providers():
    # Other apps add their personal parts (membership state, unread
    # notifications…) through settings.ME_PROVIDERS, so accounts imports none
    # of them: each entry is (key, "dotted.path.to.callable(request) -> dict").
    return [(key, import_string(path)) for key, path in getattr(settings, "ME_PROVIDERS", [])]


@require_safe
@never_cache
def me(request):
    user = request.user
    if not user.is_authenticated:
        data = {"authenticated": False}
    else:
        data = {"authenticated": True, "name": user.byline, "role": user.role}
        if user.is_newsroom_staff:
            data["desk_url"] = reverse("desk:home")
        for key, provide in _providers():
            data[key] = provide(request)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def staff_sign_in(request):
    """The desk's and the admin's sign-in addresses lead to the one sign-in
    (allauth's), so password rate limits and the two-factor step apply to
    everyone; staff land back where they were going, by default the desk."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    query = urlencode({"next": next_url or reverse("desk:home")})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
