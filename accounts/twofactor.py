"""Staff two-factor: who needs it, whether this session has passed it, and
where to send someone who has not (used by StaffTwoFactorMiddleware)."""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from accounts.receivers import vouched_for

# Signing in and out of the desk must stay reachable.
OPEN_PATHS = ("/desk/login/", "/desk/logout/", "/admin/login/", "/admin/logout/")


def needs_two_factor(user) -> bool:
    return user.is_authenticated and vouched_for(user)


def has_two_factor(user) -> bool:
    return get_mfa_adapter().is_mfa_enabled(user)


def passed_in_session(request) -> bool:
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


def gate(request):
    """None when the request may go on, else a redirect."""
    user = request.user
    if request.path in OPEN_PATHS or not needs_two_factor(user):
        return None
    next_query = urlencode({"next": request.get_full_path()})
    if not has_two_factor(user):
        messages.warning(
            request,
            gettext("Newsroom accounts need two-factor sign-in. Set up an authenticator app to continue."),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    if not passed_in_session(request):
        messages.info(request, gettext("Enter a code from your authenticator app to continue."))
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    return None
