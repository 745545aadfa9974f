"""Writes to accounts. Keyword-only, verb-first; views call these."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accounts import access, names
from accounts.models import User
from accounts.signals import account_deleted


class ActionError(Exception):
    """Something the person can fix; the message is for them."""


def update_profile(*, user, display_name: str, bio: str) -> None:
    user.display_name = names.normalise(display_name)
    user.bio = bio
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name", "bio"])
    except IntegrityError:
        # Someone took the name between the form's check and this save.
        raise ActionError(gettext("That display name was just taken. Choose another.")) from None


def set_language(*, user, language: str) -> None:
    """The person's interface language: a code of settings.LANGUAGES, or "" for the browser's."""
    if language and language not in dict(settings.LANGUAGES):
        raise ActionError(gettext("Not a language of this site."))
    user.language = language
    user.save(update_fields=["language"])


def delete_account(*, user) -> None:
    """Close a reader's account for good (GDPR erasure): the login and
    personal details are scrubbed and the account deactivated; the row stays
    so other apps' records keep a valid reference, and they are told through
    accounts.signals.account_deleted (after commit) to anonymise what the
    reader wrote."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    if not access.can_delete_own_account(user):
        raise ActionError(gettext("Newsroom accounts are closed by an admin, not from here."))
    with transaction.atomic():
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        user.username = f"deleted-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.display_name = ""
        user.bio = ""
        user.is_active = False
        user.set_unusable_password()  # also ends every other session (its hash changes)
        user.save()
        transaction.on_commit(lambda: account_deleted.send(sender=User, user=user))


def export_data(*, user) -> dict:
    """Everything we hold about the account, as JSON-able data: its own
    fields plus what other apps add through settings.EXPORT_PROVIDERS."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "bio": user.bio,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "two_factor": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        },
    }
    for key, path in getattr(settings, "EXPORT_PROVIDERS", []):
        data[key] = import_string(path)(user)
    return data
