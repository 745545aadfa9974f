"""Small pieces the community's views share."""

from django.conf import settings
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from newsline.lib.languages import supported


def speak_blog_language(blog) -> None:
    """Answer in the blog's language (docs/i18n.md): the forum, its composer
    and its messages are part of the blog's page, whoever reads it, so a
    German blog's comments say "Antworten" to every reader."""
    translation.activate(supported(blog.language))


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
