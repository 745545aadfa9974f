"""Display names: what readers are called beside their comments.

A name is checked for length and characters, may not mix alphabets (so
"Rоsa" with a Cyrillic о cannot pass for "Rosa"), and may not look like a
reserved or staff name. Two names clash when their *keys* are equal: the key
folds case, spacing, punctuation and look-alike characters ("R0SA_reader"
and "rosa reader" share one), and the database keeps keys unique."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext

MIN_LENGTH = 3
MAX_LENGTH = 30

# Words that speak for the newsroom: a reader's name may not be one of these
# or contain one (with the newsroom's own name, added at check time).
RESERVED_WORDS = ("admin", "administrator", "moderator", "newsline", "newsroom", "editor", "staff", "official")
# Names that are not words to avoid inside others, only as the whole name.
RESERVED_NAMES = (
    "mod", "mods", "root", "system", "support", "help", "security", "reporter", "journalist",
    "anonymous", "deleted", "deleted account", "former reader", "someone", "null", "none", "undefined",
    "webmaster", "postmaster", "abuse", "noreply", "team",
)

_ALLOWED = re.compile(r"^[\w .'\-]+$")
# Characters that pass for others once case is folded.
_LOOKALIKES = str.maketrans(
    {"0": "o", "1": "l", "i": "l", "|": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s", "@": "a"}
)


def normalise(name: str) -> str:
    """The name as stored: NFKC (full-width and other compatibility forms
    become plain ones), single spaces, no spaces at the ends."""
    name = unicodedata.normalize("NFKC", name or "")
    return " ".join(name.split())


def key(name: str) -> str:
    """What two names must not share."""
    folded = unicodedata.normalize("NFKD", normalise(name).casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return "".join(c for c in folded.translate(_LOOKALIKES) if c.isalnum())


def _scripts(name: str) -> set[str]:
    scripts = set()
    for char in name:
        if char.isalpha():
            scripts.add(unicodedata.name(char, "UNKNOWN").split(" ")[0])
    return scripts


def check(name: str) -> str:
    """The normalised name, or ValidationError with a message for the reader."""
    name = normalise(name)
    if len(name) < MIN_LENGTH:
        raise ValidationError(
            ngettext("Use at least %(n)d character.", "Use at least %(n)d characters.", MIN_LENGTH) % {"n": MIN_LENGTH},
            code="too_short",
        )
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            ngettext("Use at most %(n)d character.", "Use at most %(n)d characters.", MAX_LENGTH) % {"n": MAX_LENGTH},
            code="too_long",
        )
    if any(unicodedata.category(c).startswith("C") for c in name) or not _ALLOWED.match(name):
        raise ValidationError(
            gettext("Use letters, numbers, spaces and . ' - _ only."), code="characters"
        )
    if not any(c.isalpha() for c in name):
        raise ValidationError(gettext("Include at least one letter."), code="no_letters")
    if len(_scripts(name)) > 1:
        raise ValidationError(
            gettext("Use one alphabet: letters from different alphabets can look alike."), code="mixed_scripts"
        )
    if is_reserved(name):
        raise ValidationError(gettext("That name is reserved. Choose another."), code="reserved")
    return name


def is_reserved(name: str) -> bool:
    name_key = key(name)
    words = [key(w) for w in RESERVED_WORDS + (settings.NEWSROOM_NAME,)]
    return name_key in {key(n) for n in RESERVED_NAMES} or any(w and w in name_key for w in words)


def check_username(username: str) -> None:
    """Usernames appear in profile addresses (/people/<username>/), so the
    reserved words apply to them too; `deleted-…` is what deleted accounts
    become, and digits alone would read as an account number."""
    if username.lower().startswith("deleted") or is_reserved(username):
        raise ValidationError(gettext("That username is reserved. Choose another."), code="reserved")
    if username.isdigit():
        raise ValidationError(gettext("Include at least one letter."), code="no_letters")


def holder(name: str, *, exclude_user_id=None):
    """The other account whose name this one clashes with, or None."""
    from accounts.models import User

    others = User.objects.filter(name_key=key(name))
    if exclude_user_id is not None:
        others = others.exclude(pk=exclude_user_id)
    return others.first()


def is_taken(name: str, *, exclude_user_id=None) -> bool:
    return holder(name, exclude_user_id=exclude_user_id) is not None
