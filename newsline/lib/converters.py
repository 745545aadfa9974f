"""URL converters. `uslug`: a slug that may be written in any script
(топ-новини, أخبار), as `slugify(name, allow_unicode=True)` makes them for
topics; Django's own `slug` matches ASCII only."""

from django.urls import register_converter


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")
