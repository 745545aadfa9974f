"""A readable hint cookie saying "this browser has a session", so reader
pages only call the private endpoint for people who are signed in; the
session cookie itself stays HttpOnly. Never set on public, cached pages."""

from django.conf import settings

HINT_COOKIE = "nl_signed_in"


class SignedInHintMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "is_public", False):
            return response  # shared-cache pages must not touch the session
        has_hint = HINT_COOKIE in request.COOKIES
        signed_in = request.user.is_authenticated
        if signed_in and not has_hint:
            response.set_cookie(
                HINT_COOKIE, "1", max_age=settings.SESSION_COOKIE_AGE, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE, httponly=False,
            )
        elif has_hint and not signed_in:
            response.delete_cookie(HINT_COOKIE, samesite="Lax")
        return response


class StaffTwoFactorMiddleware:
    """Newsroom accounts reach the desk and staff URLs (settings.STAFF_2FA_PATHS)
    only with two-factor sign-in switched on and used in this session: one
    stolen password must not let anyone publish. Without it they are sent to
    set it up, or to enter a code from their authenticator."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_REQUIRE_2FA and request.path.startswith(tuple(settings.STAFF_2FA_PATHS)):
            from accounts import twofactor

            redirect = twofactor.gate(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)
