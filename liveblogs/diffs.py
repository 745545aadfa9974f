"""What changed between two versions of a post, for the desk's history and
edit-conflict pages.

Versions are snapshots (dicts of liveblogs.models.REVISION_FIELDS). Each
changed field becomes a list of (operation, text) segments from difflib,
word by word, over the text a reader reads; when only markup changed (a
link's address, bold), over the HTML source instead. Segments are plain
strings: templates escape them like any other text."""

import html
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from liveblogs.models import Label, Post

EQUAL, REMOVED, ADDED = "equal", "removed", "added"

FIELD_LABELS = {
    "kind": _("Post type"),
    "headline": _("Headline"),
    "label": _("Label"),
    "body": _("Body"),
    "article_url": _("Article URL"),
    "article_headline": _("Article headline"),
    "article_author": _("Article author"),
    "article_standfirst": _("Article standfirst"),
    "image_id": _("Picture"),
    "embed_url": _("Embed"),
}

_BLOCK_END = re.compile(r"</(?:p|li|blockquote|h\d)>|<br\s*/?>", re.IGNORECASE)
_TOKENS = re.compile(r"\s+|[^\s<>]+|<[^>]*>|[<>]")


@dataclass
class FieldChange:
    name: str
    label: str
    segments: list[tuple[str, str]]
    markup_only: bool = False

    @property
    def before(self) -> str:
        return "".join(text for op, text in self.segments if op != ADDED)

    @property
    def after(self) -> str:
        return "".join(text for op, text in self.segments if op != REMOVED)


def body_text(body_html: str) -> str:
    """The words of a stored body, one line per paragraph or list item."""
    text = _BLOCK_END.sub("\n", body_html or "")
    lines = (" ".join(line.split()) for line in html.unescape(strip_tags(text)).split("\n"))
    return "\n".join(line for line in lines if line)


def _shown(name: str, value: str) -> str:
    if name == "kind":
        return str(Post.Kind(value).label) if value in Post.Kind.values else value
    if name == "label":
        return str(Label(value).label) if value in Label.values else value
    if name == "image_id":
        return _("picture #%(id)s") % {"id": value} if value else ""
    return value or ""


def segments(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level (operation, text) runs that turn `old` into `new`."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[tuple[str, str]] = []

    def add(op, text):
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
        else:
            add(REMOVED, "".join(a[i1:i2]))
            add(ADDED, "".join(b[j1:j2]))
    return out


def compare(old: dict | None, new: dict) -> list[FieldChange]:
    """The fields that differ between two snapshots, in form order. With no
    `old` (a post's first version) every field with a value is "added"."""
    old = old or {}
    changes = []
    for name, label in FIELD_LABELS.items():
        before, after = old.get(name, ""), new.get(name, "")
        if before == after:
            continue
        if name == "body":
            before_text, after_text = body_text(before), body_text(after)
            if before_text == after_text:
                changes.append(FieldChange(name, label, segments(before, after), markup_only=True))
                continue
            before, after = before_text, after_text
        changes.append(FieldChange(name, label, segments(_shown(name, before), _shown(name, after))))
    return changes
