"""Every template and catalogue of a translated app stays translated
(docs/i18n.md): no visible text outside a translation tag, and shipped
catalogues complete, current and compiled."""

import os
from pathlib import Path

import pytest
from django.conf import settings

from newsline.lib import catalogues
from newsline.lib.template_text import untranslated
from newsline.tests.i18n_apps import NOT_YET_TRANSLATED, TRANSLATED_APPS


def template_files(app: str) -> list[Path]:
    catalogue = catalogues.catalogues()[app]
    files = []
    for source in catalogue.sources:
        folder = source if source.name == "templates" else source / "templates"
        files += sorted(p for p in folder.glob("**/*") if p.suffix in (".html", ".txt"))
    return files


def need_gettext():
    try:
        catalogues.require_gettext()
    except catalogues.GettextMissing as error:
        if os.environ.get("CI") == "true":
            raise  # CI installs gettext (.ci/run): missing there is a failure
        pytest.skip(str(error))


@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_it_finds_no_visible_text_outside_translation_tags(app):
    found = {
        str(path.relative_to(settings.BASE_DIR)): text
        for path in template_files(app)
        if (text := untranslated(path.read_text(encoding="utf-8")))
    }
    assert not found, f"visible text outside {{% translate %}} in {app}'s templates: {found}"


@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_it_ships_complete_current_compiled_catalogues(app):
    need_gettext()
    problems = catalogues.problems(catalogues.catalogues()[app])
    assert not problems, "\n\n".join(problems)


def test_it_lists_only_apps_of_the_project():
    assert set(TRANSLATED_APPS) <= set(catalogues.catalogues())


def test_it_checks_every_app_or_says_why_not():
    unaccounted = set(catalogues.catalogues()) - set(TRANSLATED_APPS) - set(NOT_YET_TRANSLATED)
    assert not unaccounted, f"add to TRANSLATED_APPS (or, with a reason, NOT_YET_TRANSLATED): {unaccounted}"
    assert not set(TRANSLATED_APPS) & set(NOT_YET_TRANSLATED)


# The checks themselves -------------------------------------------------------


@pytest.mark.parametrize("source, expected", [
    ("<p>Live now</p>", ["Live now"]),
    ("<title>{{ blog.title }} | Search</title>", ["… | Search"]),
    ('<img src="x.png" alt="A map">', ['<img alt="A map">']),
    ('<button aria-label="Close">×</button>', ['<button aria-label="Close">']),
    ('<input type="submit" value="Send">', ['<input value="Send">']),
    ('{% include "x.html" with caption="Changes" css_class="x" %}', ['{% include … caption="Changes" %}']),
    ('{{ post.headline|default:"(no headline)" }}', ['|…:"(no headline)"']),
    ("{% firstof blog.summary 'Nothing yet' %}", ["{% firstof … 'Nothing yet' %}"]),
])
def test_it_finds_text_outside_translation_tags(source, expected):
    assert untranslated("{% load i18n %}" + source) == expected


@pytest.mark.parametrize("source", [
    '<p>{% translate "Live now" %}</p>',
    "<p>{% blocktranslate count n=count %}{{ n }} new update{% plural %}{{ n }} new updates{% endblocktranslate %}</p>",
    '<img src="x.png" alt="{% translate "A map" %}">',
    '<input type="hidden" name="next" value="/desk/">',
    '<button type="submit" name="intent" value="publish">{% translate "Publish" %}</button>',
    '<script type="application/ld+json">{"@type": "LiveBlogPosting"}</script>',
    "<p>{{ post.body }} · {{ n }}</p>{# a comment #}{% comment %}Notes{% endcomment %}",
    '<p><kbd>j</kbd> <code>curl -H "Accept: text/html"</code></p>',
    '{% include "x.html" with caption=_("Changes") css_class="x" %}',
    '<{% if href %}a href="{{ href }}"{% else %}button{% endif %} class="button">{% translate "Go" %}'
    '</{% if href %}a{% else %}button{% endif %}>',
])
def test_it_passes_translated_and_invisible_text(source):
    assert untranslated("{% load i18n %}" + source) == []


def write_app(folder: Path, strings: list[str]) -> catalogues.Catalogue:
    app = folder / "app"
    (app / "templates").mkdir(parents=True)
    body = "".join(f'<p>{{% translate "{s}" %}}</p>' for s in strings)
    (app / "templates" / "page.html").write_text("{% load i18n %}" + body, encoding="utf-8")
    return catalogues.Catalogue("app", app / "locale", (app,))


def translate_all(catalogue: catalogues.Catalogue, *, leave: str = "", fuzzy: str = "") -> None:
    for code in catalogues.translated_languages():
        po = catalogue.po(code)
        text = po.read_text(encoding="utf-8")
        parts = text.split("\n\n")
        for i, part in enumerate(parts[1:], 1):
            msgid = part.split('msgid "', 1)[1].split('"', 1)[0]
            if msgid != leave:
                part = part.replace('msgstr ""', f'msgstr "{code}: {msgid}"')
            if msgid == fuzzy:
                part = "#, fuzzy\n" + part
            parts[i] = part
        po.write_text("\n\n".join(parts), encoding="utf-8")


def test_it_passes_a_complete_catalogue_and_names_what_is_wrong_with_others(tmp_path):
    need_gettext()
    catalogue = write_app(tmp_path, ["Live now", "Ended"])
    catalogues.update(catalogue)
    assert any("untranslated" in p and "Live now" in p for p in catalogues.problems(catalogue))

    translate_all(catalogue)
    catalogues.compile_all(catalogue)
    assert catalogues.problems(catalogue) == []

    translate_all(catalogue, fuzzy="Ended")
    catalogues.compile_all(catalogue)
    assert any("fuzzy" in p and "Ended" in p for p in catalogues.problems(catalogue))
    translate_all(catalogue)  # the fuzzy mark goes only when a translator clears it
    for code in catalogues.translated_languages():
        po = catalogue.po(code)
        po.write_text(po.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    catalogues.compile_all(catalogue)
    assert catalogues.problems(catalogue) == []

    # A new string in a template that makemessages would extract, not in the catalogue.
    page = catalogue.sources[0] / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8") + '<p>{% translate "Key event" %}</p>', encoding="utf-8")
    assert any("lacks strings" in p and "Key event" in p for p in catalogues.problems(catalogue))

    # A .po changed without compiling: its .mo is stale.
    catalogues.update(catalogue)
    translate_all(catalogue)
    assert any("is not what" in p for p in catalogues.problems(catalogue))
    catalogues.compile_all(catalogue)
    assert catalogues.problems(catalogue) == []

    # A string the templates no longer use.
    page.write_text("{% load i18n %}<p>{% translate \"Key event\" %}</p>", encoding="utf-8")
    assert any("no longer use" in p and "Live now" in p for p in catalogues.problems(catalogue))


def test_it_keeps_translations_when_strings_are_added(tmp_path):
    need_gettext()
    catalogue = write_app(tmp_path, ["Live now"])
    catalogues.update(catalogue)
    translate_all(catalogue)
    page = catalogue.sources[0] / "templates" / "page.html"
    page.write_text(page.read_text(encoding="utf-8") + '<p>{% translate "Ended" %}</p>', encoding="utf-8")
    catalogues.update(catalogue)
    german = catalogue.po("de").read_text(encoding="utf-8")
    assert 'msgstr "de: Live now"' in german
    assert 'msgid "Ended"' in german
