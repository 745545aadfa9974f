"""Writes to accounts: a person's own (profile, language, export, closing
the account) and an admin's to newsroom accounts (create, change, photo),
each of those audited. Keyword-only, verb-first; views call these."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accounts import access, names
from accounts.models import StaffAuditEntry, User
from accounts.signals import account_deleted
from liveblogs import audit


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


# Staff accounts (admins at the desk) ---------------------------------------
# Each change is written to StaffAuditEntry in the same transaction; the
# change records use the desk's audit wording (liveblogs.audit).

STAFF_FIELDS = ("display_name", "role", "bio", "is_active")


def create_staff(*, by, username: str, email: str, password: str, role: str, display_name: str = "", bio: str = ""):
    """A new newsroom account. The password was checked by the form against
    Django's validators; the person changes it after signing in."""
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(gettext("The username “%(username)s” is taken.") % {"username": username})
    with transaction.atomic():
        user = User.objects.create_user(username, email, password, role=role, display_name=display_name, bio=bio)
        StaffAuditEntry.objects.create(
            actor=by, subject=user, action=StaffAuditEntry.Action.CREATE,
            changes=audit.created({"username": username, "email": email, "role": role, "display_name": display_name}),
        )
    return user


def change_staff(*, by, user, role: str, display_name: str, bio: str, is_active: bool):
    """Change a newsroom account's role, name or bio, or (de)activate it.
    Admins cannot demote or deactivate themselves, so the newsroom always
    keeps the admin who is doing the changing."""
    if user.pk == by.pk and (role != user.role or not is_active):
        raise ActionError(gettext("You cannot change your own role or deactivate yourself; ask another admin."))
    before = {name: getattr(user, name) for name in STAFF_FIELDS}
    after = {"display_name": display_name, "role": role, "bio": bio, "is_active": is_active}
    diff = audit.changes(before, after)
    if not diff:
        return user
    # A deactivated account can do nothing at its next request (every gate
    # checks is_active); its team places are kept for a reactivation.
    if before["is_active"] != is_active:
        action = StaffAuditEntry.Action.REACTIVATE if is_active else StaffAuditEntry.Action.DEACTIVATE
    else:
        action = StaffAuditEntry.Action.CHANGE
    with transaction.atomic():
        for name, value in after.items():
            setattr(user, name, value)
        user.save(update_fields=list(STAFF_FIELDS))
        StaffAuditEntry.objects.create(actor=by, subject=user, action=action, changes=diff)
    return user


def set_staff_photo(*, by, user, upload) -> None:
    """A newsroom account's byline photo from an upload (checked, upright,
    stripped of metadata and cropped square by liveblogs.media), or none
    with `upload=None`. The old files stay: post cards already rendered into
    the blog's log, caches and feeds link them (each photo has a folder of
    its own, a few kilobytes)."""
    from liveblogs import media

    new = []
    if upload is not None:
        image = media.square(media.decode(upload))
        new = media.store_squares(image, folder=media.staff_folder(user.pk))
    old = list(user.photo or [])
    if not new and not old:
        return
    try:
        with transaction.atomic():
            user.photo = new
            user.save(update_fields=["photo"])
            StaffAuditEntry.objects.create(
                actor=by, subject=user, action=StaffAuditEntry.Action.CHANGE,
                changes={"photo": ["a photo" if old else None, "a new photo" if new else None]},
            )
    except Exception:
        media.delete_squares(new)  # not saved: leave no files behind
        raise
