"""The languages Newsline speaks, and the one a page is rendered in.

The interface languages are settings.LANGUAGES; a blog's content language
is one of them (LiveBlog.language). Right-to-left comes from Django's own
table of languages (`bidi`: Arabic, Hebrew, Persian, Urdu…)."""

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> str:
    """`code` as a language of settings.LANGUAGES (de-AT → de), else the site's."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def direction(code: str) -> str:
    """"rtl" or "ltr", for <html dir>."""
    try:
        return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def content_language(code: str | None):
    """Render in this content language (a blog's), e.g.
    `with content_language(blog.language): render(...)`: the same bytes for
    every reader, whatever their browser asks for."""
    return translation.override(supported(code))


def choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)


def site_language() -> str:
    return settings.LANGUAGE_CODE


def bcp47(code: str) -> str:
    """Django's "en-gb" as BCP 47 writes it ("en-GB"), for structured data."""
    primary, _, region = code.partition("-")
    return f"{primary}-{region.upper()}" if len(region) == 2 else code


def news_language(code: str) -> str:
    """The code Google News sitemaps want: ISO 639 ("en"), except Chinese (zh-cn, zh-tw)."""
    return code if code in ("zh-cn", "zh-tw") else code.partition("-")[0]
