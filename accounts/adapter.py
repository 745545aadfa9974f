"""How allauth fits Newsline: where people land after signing in, what
emails say they come from, and the newsroom's name in authenticator apps."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.urls import reverse


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
