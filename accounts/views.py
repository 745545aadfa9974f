"""The private endpoint reader pages call by script for personal parts.

Reader pages are the same bytes for everyone; whatever is personal (who is
signed in, links for staff) comes from here, never cached by anyone."""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response
