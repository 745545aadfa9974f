"""The audit log's change records: {"field": [before, after]} for the fields
an action changed, short enough to list fifty to a page. The revisions keep
post text in full; the log says who changed what, and when."""

import html
import re

from django.utils.html import strip_tags

# Long values are cut to this many characters (plus "…").
MAX_VALUE_CHARS = 200

FIELD_LABELS = {
    "headline": "Headline",
    "standfirst": "Standfirst",
    "slug": "Address",
    "topics": "Topics",
    "status": "Status",
    "kind": "Post type",
    "label": "Label",
    "body": "Body",
    "article_url": "Article URL",
    "article_author": "Article author",
    "article_headline": "Article headline",
    "article_standfirst": "Article standfirst",
    "is_pinned": "Pinned",
    "is_key_event": "Key event",
    "deleted": "Deleted",
    "correction_note": "Correction note",
    "restored_from": "Restored version",
    "team": "Team member",
    "username": "Username",
    "email": "Email",
    "display_name": "Display name",
    "role": "Role",
    "bio": "Bio",
    "is_active": "Active",
    "authors": "Bylines",
    "image": "Picture",
    "summary": "Summary",
    "language": "Language",
    "expires": "Link works until",
    "closed_at": "Coverage ended",
    "question": "Reader's question",
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
