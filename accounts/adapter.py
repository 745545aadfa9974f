"""How allauth fits Newsline: where people land after signing in, what
emails say they come from, and the newsroom's name in authenticator apps."""

import time
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from accounts import names

ENCRYPTED_PREFIX = "fernet:"
# How long a sign-in counts as fresh for setting up two-factor.
REAUTHENTICATION_TIMEOUT_SECONDS = 300


def _site():
    # Emails name the newsroom and its public address, never the Host header.
    return SimpleNamespace(name=settings.NEWSROOM_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request):
        # An explicit ?next= wins (allauth checks it first); otherwise staff
        # go to the desk and readers back to the front page.
        if request.user.is_authenticated and request.user.is_newsroom_staff:
            return reverse("desk:home")
        return "/"

    def get_signup_redirect_url(self, request):
        return "/"

    def is_reauthentication_required(self, *, app, **kwargs):
        # Having just signed in (the password, and the code if two-factor is
        # on) counts as confirming it is you: staff sent to set up two-factor
        # straight after signing in are not asked for their password again.
        request = getattr(self, "request", None)
        if app == "allauth.mfa" and request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            fresh = [r for r in records if time.time() - r.get("at", 0) < REAUTHENTICATION_TIMEOUT_SECONDS]
            if fresh:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        names.check_username(username)
        return username

    def save_user(self, request, user, form, commit=True):
        # The display name chosen at sign-up (accounts.forms.SignupForm).
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix, email, context):
        context = {"current_site": _site(), "newsroom": settings.NEWSROOM_NAME, **context}
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        return settings.NEWSROOM_NAME

    # TOTP keys (and the recovery codes' seed) encrypted at rest with
    # MFA_ENCRYPTION_KEY (a Fernet key from the environment), so a copy of the
    # database alone does not give anyone the codes. Without the key, stored
    # as allauth stores them; values stored before the key was set still read.
    def _fernet(self):
        key = getattr(settings, "MFA_ENCRYPTION_KEY", "")
        if not key:
            return None
        from cryptography.fernet import Fernet

        return Fernet(key.encode())

    def encrypt(self, text: str) -> str:
        fernet = self._fernet()
        return ENCRYPTED_PREFIX + fernet.encrypt(text.encode()).decode() if fernet else text

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(ENCRYPTED_PREFIX):
            return encrypted_text
        fernet = self._fernet()
        if fernet is None:
            raise ImproperlyConfigured("Two-factor secrets are encrypted but MFA_ENCRYPTION_KEY is not set.")
        return fernet.decrypt(encrypted_text.removeprefix(ENCRYPTED_PREFIX).encode()).decode()

    def can_delete_authenticator(self, authenticator) -> bool:
        # Newsroom accounts keep two-factor on while it is required; losing a
        # phone is what recovery codes (or an admin) are for.
        from accounts.twofactor import needs_two_factor

        if settings.STAFF_REQUIRE_2FA and needs_two_factor(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
