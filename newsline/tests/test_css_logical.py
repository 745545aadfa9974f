"""Every stylesheet lays out by logical sides (margin-inline-start, not
margin-left), so right-to-left pages mirror by themselves (docs/i18n.md)."""

import re
from pathlib import Path

from django.conf import settings

PHYSICAL = re.compile(
    r"(?<![-\w])(?:(?:margin|padding|border)-(?:left|right)|border-(?:top|bottom)-(?:left|right)-radius|left|right)\s*:"
    r"|text-align\s*:\s*(?:left|right)\b|float\s*:\s*(?:left|right)\b"
    # Four-value margin/padding whose left and right differ.
    r"|(?<![-\w])(?:margin|padding)\s*:\s*([^\s;{}]+)\s+([^\s;{}]+)\s+([^\s;{}]+)\s+(?!\2\s*[;}])[^\s;{}]+\s*[;}]"
)


def stylesheets() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(p for p in base.glob("*/static/**/*.css") if ".venv" not in p.parts)


def test_it_uses_only_logical_sides_in_every_stylesheet():
    found = {
        str(path.relative_to(settings.BASE_DIR)): [m.group(0) for m in PHYSICAL.finditer(path.read_text())]
        for path in stylesheets()
    }
    assert stylesheets()
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_it_would_notice_a_physical_side():
    assert PHYSICAL.search(".a { margin-left: 1rem; }")
    assert PHYSICAL.search(".a { padding: 0 0 0 1rem; }")
    assert PHYSICAL.search(".a { text-align: right }")
    assert not PHYSICAL.search(".a { margin-inline-start: 1rem; padding: 0 1rem 0 1rem; inset-inline-start: 0 }")
