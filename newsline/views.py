"""Views of the project as a whole: the browser code's translations."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog

from newsline.lib import catalogues

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def javascript_catalog_version() -> str:
    """Names the compiled browser-code catalogues: it changes when a
    translation does (a deploy), so their URL may be cached for a year."""
    digest = hashlib.sha256()
    for catalogue in sorted(catalogues.catalogues().values(), key=lambda c: c.name):
        for mo in sorted(catalogue.locale_dir.glob("*/LC_MESSAGES/djangojs.mo")):
            digest.update(str(mo.relative_to(catalogue.locale_dir)).encode())
            digest.update(mo.read_bytes())
    digest.update(repr(settings.LANGUAGES).encode())
    return digest.hexdigest()[:12]


def javascript_catalog_url(language: str) -> str:
    return reverse("javascript_catalog", kwargs={"language": language, "version": javascript_catalog_version()})


@require_safe
def javascript_catalog(request, language: str, version: str):
    """Django's JavaScript catalogue (gettext, ngettext, formats in the
    browser) for one language of the project's apps. The same bytes for
    everyone: public, and immutable at the current version; an old version's
    URL goes to the current one."""
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    if version != javascript_catalog_version():
        response = HttpResponseRedirect(javascript_catalog_url(language))
        response["Cache-Control"] = "public, max-age=300"
        response.is_public = True
        return response
    packages = sorted(catalogues.catalogues())
    with translation.override(language):
        response = JavaScriptCatalog.as_view(packages=packages)(request)
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["Content-Language"] = language
    response.is_public = True  # no cookie on a shared answer
    return response
