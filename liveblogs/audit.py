"""The audit log's change records: {"field": [before, after]} for the fields
an action changed, short enough to list fifty to a page. The revisions keep
post text in full; the log says who changed what, and when."""

import html
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# Long values are cut to this many characters (plus "…").
MAX_VALUE_CHARS = 200

FIELD_LABELS = {
    "headline": _("Headline"),
    "standfirst": _("Standfirst"),
    "slug": _("Address"),
    "topics": _("Topics"),
    "status": _("Status"),
    "kind": _("Post type"),
    "label": _("Label"),
    "body": _("Body"),
    "article_url": _("Article URL"),
    "article_author": _("Article author"),
    "article_headline": _("Article headline"),
    "article_standfirst": _("Article standfirst"),
    "is_pinned": _("Pinned"),
    "is_key_event": _("Key event"),
    "deleted": _("Deleted"),
    "correction_note": _("Correction note"),
    "restored_from": _("Restored version"),
    "team": _("Team member"),
    "username": _("Username"),
    "email": _("Email"),
    "display_name": _("Display name"),
    "role": _("Role"),
    "bio": _("Bio"),
    "is_active": _("Active"),
    "authors": _("Bylines"),
    "image": _("Picture"),
    "summary": _("Summary"),
    "language": _("Language"),
    "expires": _("Link works until"),
    "closed_at": _("Coverage ended"),
    "question": _("Reader's question"),
}


_BLOCK_END = re.compile(r"</(?:p|li|blockquote|h\d)>|<br\s*/?>", re.IGNORECASE)


def _text(body_html: str) -> str:
    # Block ends become spaces so paragraphs do not run together.
    return " ".join(html.unescape(strip_tags(_BLOCK_END.sub(" ", body_html))).split())


def shorten(name: str, value, *, as_text: bool = True):
    if name in ("body", "summary") and isinstance(value, str) and as_text:
        # The log is read as text; the markup is in the revision.
        value = _text(value)
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


def changes(before: dict, after: dict) -> dict:
    """The fields whose value differs, as [before, after]; a field missing
    from `before` was not there (None)."""
    out = {}
    for name, new in after.items():
        old = before.get(name)
        if old != new:
            # A body whose words are the same changed its links or
            # formatting: record the HTML, or the entry would show no change.
            as_text = not (name in ("body", "summary") and old and new and _text(old) == _text(new))
            out[name] = [shorten(name, old, as_text=as_text), shorten(name, new, as_text=as_text)]
    return out


def created(values: dict) -> dict:
    """Changes for something new: each non-empty value, from nothing."""
    return changes({}, {k: v for k, v in values.items() if v not in ("", None, False, [])})


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def rows(changes: dict) -> list[tuple[str, str, str]]:
    """(field label, before, after) for display, as plain text."""
    return [
        (FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), _shown(pair[0]), _shown(pair[1]))
        for name, pair in (changes or {}).items()
        if isinstance(pair, list) and len(pair) == 2
    ]
