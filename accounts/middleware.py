"""The signed-in hint cookie and the staff two-factor gate.

Both are sync and async capable (newsline/lib/middleware.py says why). On
the async path their session and database work runs through sync_to_async in
the request's own thread, where the view evaluates request.user too, so the
user is loaded once."""

from asgiref.sync import sync_to_async
from django.conf import settings

from newsline.lib.middleware import SyncAndAsyncMiddleware

HINT_COOKIE = "nl_signed_in"


class SignedInHintMiddleware(SyncAndAsyncMiddleware):
    """A readable hint cookie saying "this browser has a session", so reader
    pages only call the private endpoint for people who are signed in; the
    session cookie itself stays HttpOnly. Never set on public, cached pages."""

    def handle(self, request):
        response = self.get_response(request)
        if getattr(response, "is_public", False):
            return response  # shared-cache pages must not touch the session
        set_hint(request, response)
        return response

    async def __acall__(self, request):
        response = await self.get_response(request)
        if getattr(response, "is_public", False):
            return response
        await sync_to_async(set_hint)(request, response)
        return response


def set_hint(request, response) -> None:
    has_hint = HINT_COOKIE in request.COOKIES
    signed_in = request.user.is_authenticated
    if signed_in and not has_hint:
        response.set_cookie(
            HINT_COOKIE, "1", max_age=settings.SESSION_COOKIE_AGE, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE, httponly=False,
        )
    elif has_hint and not signed_in:
        response.delete_cookie(HINT_COOKIE, samesite="Lax")


class StaffTwoFactorMiddleware(SyncAndAsyncMiddleware):
    """Newsroom accounts reach the desk and staff URLs (settings.STAFF_2FA_PATHS)
    only with two-factor sign-in switched on and used in this session: one
    stolen password must not let anyone publish. Without it they are sent to
    set it up, or to enter a code from their authenticator."""

    def handle(self, request):
        if guarded(request):
            from accounts import twofactor

            redirect = twofactor.gate(request)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    async def __acall__(self, request):
        if guarded(request):
            from accounts import twofactor

            redirect = await sync_to_async(twofactor.gate)(request)
            if redirect is not None:
                return redirect
        return await self.get_response(request)


def guarded(request) -> bool:
    return settings.STAFF_REQUIRE_2FA and request.path.startswith(tuple(settings.STAFF_2FA_PATHS))
