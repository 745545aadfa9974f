"""The post-body allowlist and sanitiser. Every body goes through
`sanitise_body` before it is stored; anything outside the allowlist is
stripped, never escaped into view."""

import re

import nh3

# What the desk's editor can produce. Keep in step with BODY_EDITOR_EXTENSIONS.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "cite"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# The editor's configuration for django-prose-editor: the same set of marks
# and nodes the sanitiser allows.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "History": True,
    # django-prose-editor turns the browser's spell check off unless told not to.
    "NoSpellCheck": False,
}

# A blog's summary ("Key points so far"): light formatting only.
SUMMARY_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li"}
# The body's editor without block quotes (a summary quotes nobody).
SUMMARY_EDITOR_EXTENSIONS = {name: value for name, value in BODY_EDITOR_EXTENSIONS.items() if name != "Blockquote"}

_summary_cleaner = nh3.Cleaner(
    tags=SUMMARY_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener",
    strip_comments=True,
)

# A block quote whose last paragraph starts with a dash is attributed:
# "<p>— Name, role</p>" becomes a <footer> with a <cite>.
_ATTRIBUTION = re.compile(
    r"<p>\s*(?:—|–|-{1,2})\s*(?P<who>(?:(?!</p>).)+?)\s*</p>\s*</blockquote>", re.DOTALL
)
_EMPTY = re.compile(r"^(?:\s|<p>\s*(?:<br>)?\s*</p>)*$")


def sanitise_body(html: str) -> str:
    """Clean editor HTML for storage. The stored form stays editable."""
    cleaned = _cleaner.clean(html or "")
    if _EMPTY.match(cleaned):
        return ""
    return cleaned.strip()


def sanitise_summary(html: str) -> str:
    """Clean a blog summary for storage: the body's rules, fewer tags."""
    cleaned = _summary_cleaner.clean(html or "")
    if _EMPTY.match(cleaned):
        return ""
    return cleaned.strip()


def present_body(clean_html: str) -> str:
    """Reader form of a stored body: attributed quotes get a <footer><cite>.
    Takes sanitised HTML only; the cited text is already clean."""
    return _ATTRIBUTION.sub(
        lambda m: f'<footer class="quote-attribution">— <cite>{m.group("who")}</cite></footer></blockquote>',
        clean_html,
    )


# An ad slot's HTML snippet (liveblogs.slots): text, links and pictures from
# an ad desk. No script, iframe, style or event handler survives, so the
# reader page's Content-Security-Policy stays as strict as it is; every link
# is marked as paid (rel="sponsored") and every picture loads lazily.
SLOT_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "img", "span", "small", "figure", "figcaption"}
SLOT_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}

_slot_cleaner = nh3.Cleaner(
    tags=SLOT_TAGS,
    attributes=SLOT_ATTRIBUTES,
    url_schemes={"http", "https"},
    link_rel="sponsored noopener",
    strip_comments=True,
    set_tag_attribute_values={"img": {"loading": "lazy"}},
)


def sanitise_slot_html(html: str) -> str:
    """Clean an ad snippet for storage and for every reader page."""
    cleaned = _slot_cleaner.clean(html or "")
    if _EMPTY.match(cleaned):
        return ""
    return cleaned.strip()
