"""Search finds words in Cyrillic and Arabic, with the last word as a prefix
(docs/i18n.md): SQLite's FTS5 splits them with its unicode61 tokeniser, and
PostgreSQL's parser keeps them whole, on both databases this suite runs on."""

import pytest

from distribution import search
from liveblogs import actions

pytestmark = pytest.mark.django_db


def _titles(q):
    return [hit.title for hit in search.search(q).hits]


def test_it_finds_ukrainian_and_arabic_words_and_prefixes(live, editor, publish):
    blog = live(actions.create_blog, by=editor, headline="Повінь на Закарпатті", slug="povin", language="uk")
    live(actions.open_blog, blog=blog, by=editor)
    live(publish, blog, headline="Оголошено евакуацію", body="<p>Мешканців трьох сіл евакуюють до шкіл.</p>")
    live(publish, blog, headline="انقطاع الكهرباء", body="<p>انقطعت الكهرباء عن الأحياء الشرقية.</p>")
    live(publish, blog, headline="Ferries cancelled", body="<p>No boats tonight.</p>")

    assert _titles("евакуацію") == ["Оголошено евакуацію"]
    assert _titles("шкіл") == ["Оголошено евакуацію"]
    assert _titles("евак") == ["Оголошено евакуацію"]  # half-typed: a prefix
    assert _titles("الكهرباء") == ["انقطاع الكهرباء"]
    assert _titles("الشرقية") == ["انقطاع الكهرباء"]
    assert _titles("повінь") == ["Повінь на Закарпатті"]  # the blog itself
