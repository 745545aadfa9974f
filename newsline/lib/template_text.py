"""Finds visible text in a Django template that no translation tag wraps
(docs/i18n.md): text between tags, visible attributes (title, alt,
placeholder, aria-label, a button's value), and literal strings handed to
`include … with label="…"`, `element`, `firstof` or a `default:` filter.
Used by the test that keeps every template translatable."""

import re
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

LETTER = re.compile(r"[^\W\d_]")
# Stands in for everything a template tag or variable outputs: no letter.
SLOT = "\ue000"
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription", "label"}
BUTTON_TYPES = {"submit", "button", "reset"}
# Elements whose text is not prose: code samples and key names.
UNCHECKED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp", "svg"}
# Arguments of include/element that never reach the page as text.
PLAIN_ARGUMENTS = {
    "class", "id", "type", "tags", "name", "method", "action", "href", "variant", "size", "rel", "target",
    "autocomplete", "form", "kind", "icon", "mode", "state", "url", "slug", "role", "level", "tag", "src",
    "attrs", "value_name", "field", "prefix", "accept", "inputmode", "pattern", "enctype",
}
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}
_LITERAL_ARGUMENT = re.compile(r"""(\w+)=("[^"]*"|'[^']*')""")
# Defaults shown as text ("(no headline)"); lower-case single words are often
# class names or values (|default:'update'), so only these are taken as text.
_FILTER_LITERAL = re.compile(r"""\|(?:default|default_if_none):("[^"]*[A-Z ][^"]*"|'[^']*[A-Z ][^']*')""")
# Attributes a block writes into its parent's tag ({% block main_attrs %}class="x"{% endblock %}).
_ATTRIBUTE_TEXT = re.compile(r"""[\w-]+=(?:"[^"]*"|'[^']*')|\b(?:data|aria)-[\w-]+""")
_FIRSTOF_LITERAL = re.compile(r"""(?<![(\w])("[^"]*"|'[^']*')""")


def untranslated(source: str) -> list[str]:
    """The visible English-looking bits of `source` outside translation tags."""
    found: list[str] = []
    pieces: list[str] = []
    closing = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[:1] == [closing]:
                closing = None
            pieces.append(SLOT)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        # A tag that makes a tag name (<{% if a %}a{% else %}button{% endif %}) stays a name.
        pieces.append("x" if pieces and pieces[-1].endswith(("<", "</")) else SLOT)
        words = token.contents.split()
        name = words[0] if words else ""
        if token.token_type == TokenType.BLOCK:
            if name in SKIPPED_BLOCKS:
                closing = SKIPPED_BLOCKS[name]
            elif name in ("include", "element", "slot"):
                for key, literal in _LITERAL_ARGUMENT.findall(token.contents):
                    plain = key in PLAIN_ARGUMENTS or key.endswith(("class", "_id", "_url", "_name", "_type"))
                    if not plain and LETTER.search(literal):
                        found.append(f"{{% {name} … {key}={literal} %}}")
            elif name == "firstof":
                literals = _FIRSTOF_LITERAL.findall(token.contents)
                found += [f"{{% firstof … {lit} %}}" for lit in literals if LETTER.search(lit)]
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            found += [f"|…:{lit}" for lit in _FILTER_LITERAL.findall(token.contents) if LETTER.search(lit)]
    reader = _TextReader()
    reader.feed("".join(pieces))
    reader.close()
    return found + reader.found


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.unchecked = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNCHECKED_ELEMENTS and tag not in ("img", "input"):
            self.unchecked += 1
        attributes = dict(attrs)
        for name, value in attrs:
            # An <input type="submit">'s value is its label; a <button>'s value is
            # only sent with the form (its content is what shows).
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input" and (attributes.get("type") or "") in BUTTON_TYPES
            )
            if visible and value and LETTER.search(value.replace(SLOT, "")):
                self.found.append(f'<{tag} {name}="{value.replace(SLOT, "…")}">')

    def handle_startendtag(self, tag, attrs):
        unchecked = self.unchecked
        self.handle_starttag(tag, attrs)
        self.unchecked = unchecked

    def handle_endtag(self, tag):
        if tag in UNCHECKED_ELEMENTS and self.unchecked:
            self.unchecked -= 1

    def handle_data(self, data):
        if not self.unchecked and LETTER.search(_ATTRIBUTE_TEXT.sub("", data)):
            self.found.append(" ".join(data.replace(SLOT, "…").split()))
