"""On PostgreSQL each blog is searched in its own language (docs/i18n.md):
its entries are stemmed, and readers' words matched, with the text-search
configuration of the blog's language, so a German reader finds "Brücke" in a
post about "Brücken". SQLite's FTS5 has one tokeniser for every language, so
these run in the suite's PostgreSQL pass."""

import pytest
from django.db import connection

from distribution import search
from distribution.models import SearchEntry
from liveblogs import actions

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="stemming in the blog's language is PostgreSQL's text search: runs when the suite does "
        "(DATABASE_URL=postgres://…), as in CI; SQLite's FTS5 index is the same for every language",
    ),
]


@pytest.fixture
def blog_in(live, editor):
    def _blog(language, slug):
        blog = live(actions.create_blog, by=editor, headline=f"Live {slug}", slug=slug, language=language)
        live(actions.open_blog, blog=blog, by=editor)
        return blog

    return _blog


def _titles(q):
    return [hit.title for hit in search.search(q).hits]


def test_a_german_blog_is_stemmed_as_german_and_an_english_one_as_english(live, blog_in, publish):
    german, english = blog_in("de", "hochwasser"), blog_in("en-gb", "floods")
    live(publish, german, headline="Die Brücken wurden gesperrt", body="<p>Die Polizei bittet um Geduld.</p>")
    live(publish, english, headline="The bridges were closed", body="<p>Ferries were cancelled.</p>")

    assert _titles("Brücke") == ["Die Brücken wurden gesperrt"]
    # Not the last word, so not a prefix: only German stemming makes "Brücke" "Brücken".
    assert _titles("Brücke gesperrt") == ["Die Brücken wurden gesperrt"]
    hit = search.search("Brücke").hits[0]
    assert hit.title_html == "Die <mark>Brücken</mark> wurden gesperrt"

    assert _titles("bridge") == ["The bridges were closed"]
    # "ferry" is English's stem of "ferries", not German's nor a prefix of it.
    assert _titles("ferry cancelled") == ["The bridges were closed"]
    assert {e.config for e in SearchEntry.objects.filter(blog=german)} == {"german"}
    assert {e.config for e in SearchEntry.objects.filter(blog=english)} == {"english"}


def test_arabic_is_stemmed_as_arabic_and_ukrainian_is_still_found_unstemmed(live, blog_in, publish):
    arabic, ukrainian = blog_in("ar", "kahraba"), blog_in("uk", "povin")
    live(publish, arabic, headline="انقطاع الكهرباء", body="<p>انقطعت الكهرباء عن الأحياء الشرقية.</p>")
    live(publish, ukrainian, headline="Оголошено евакуацію", body="<p>Мешканців трьох сіл евакуюють до шкіл.</p>")

    assert _titles("الكهرباء") == ["انقطاع الكهرباء"]
    assert _titles("كهرباء") == ["انقطاع الكهرباء"]  # without the article: Arabic stemming
    # PostgreSQL has no Ukrainian configuration: "simple", words kept whole.
    assert _titles("шкіл") == ["Оголошено евакуацію"]
    assert _titles("евак") == ["Оголошено евакуацію"]
    assert {e.config for e in SearchEntry.objects.filter(blog=ukrainian)} == {"simple"}


def test_changing_a_blogs_language_stems_its_posts_again(live, blog_in, publish, editor):
    blog = blog_in("en-gb", "grenze")
    live(publish, blog, headline="Die Brücke ist gesperrt", body="<p>Umleitung über die Autobahn.</p>")
    assert _titles("Brücken gesperrt") == []  # English stemming keeps "brücken" and "brücke" apart

    live(actions.update_blog, blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst,
         topics=[], language="de")

    assert _titles("Brücken gesperrt") == ["Die Brücke ist gesperrt"]
    assert {e.config for e in SearchEntry.objects.filter(blog=blog)} == {"german"}
