"""Comment text: Markdown with raw HTML switched off, then nh3.

Markdown gives readers paragraphs, **bold**, *italic*, [links](https://…) and
> quotes. Raw HTML in the source is shown as text, never interpreted; whatever
Markdown produces then passes the allowlist below, so no output can carry a
script, an event handler or a javascript: URL."""

import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
)

# C0/C1 control characters other than tab and newline, and bidi overrides
# that can make text read backwards.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=[], output_format="html")
    # Raw HTML off: block HTML and inline tags become escaped text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def clean_source(text: str) -> str:
    """What we store: control characters gone, line ends normalised, trimmed."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def render(text: str) -> str:
    html = _markdown().convert(clean_source(text))
    return _cleaner.clean(html).strip()


def link_count(html: str) -> int:
    return html.count("<a ")


def plain_text(html: str) -> str:
    return nh3.clean(html, tags=set()).strip()
