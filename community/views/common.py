"""Small pieces the community's views share."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def json_error(message: str, status: int = 400):
    return private(JsonResponse({"ok": False, "error": message}, status=status))


def sign_in_url(next_url: str = "") -> str:
    try:
        url = reverse("account_login")
    except NoReverseMatch:
        url = reverse(settings.LOGIN_URL)
    return f"{url}?next={next_url}" if next_url else url
