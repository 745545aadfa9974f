"""Demo accounts (run by `manage.py load_demo` after the blogs): one reader
with a verified email, so a newcomer can sign in as `reader` / `newsline`
and comment or join without receiving any email. Safe to run twice: the
account is brought back to its demo state.

The community demo uses the same `reader` for its thread, with the same
name, so whichever runs last changes nothing."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEMO_PASSWORD = "newsline"
READER = {
    "username": "reader",
    "email": "reader@example.org",
    "display_name": "Hannah Lindqvist",
    "bio": "Retired geography teacher in Malmö. Reads everything twice.",
}


def load(stdout):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=READER["username"], defaults={"email": READER["email"]})
    user.email = READER["email"]
    user.display_name = READER["display_name"]
    user.bio = READER["bio"]
    user.role = "reader"
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email=READER["email"]).delete()
    EmailAddress.objects.update_or_create(
        user=user, email=READER["email"], defaults={"verified": True, "primary": True}
    )
    # No password in the output (liveblogs' load_demo test): docs/accounts.md has it.
    stdout.write(f"  accounts: demo reader '{READER['username']}' with the demo password, email already verified")
