"""Writes to accounts. Keyword-only, verb-first; views call these."""

from django.db import IntegrityError, transaction

from accounts import names


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
        raise ActionError("That display name was just taken. Choose another.") from None
