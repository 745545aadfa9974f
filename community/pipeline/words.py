"""Whole-word, case-insensitive matching for the word lists. Not a check."""

import re
import unicodedata


def _fold(text: str) -> str:
    # NFKC folds look-alike forms (full-width letters, ligatures) to plain ones.
    return unicodedata.normalize("NFKC", text).casefold()


def find_words(text: str, words) -> list[str]:
    folded = _fold(text)
    return [w for w in words if w and re.search(rf"(?<!\w){re.escape(_fold(w))}(?!\w)", folded)]
