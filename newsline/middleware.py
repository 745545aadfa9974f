"""Response headers every page gets.

Content-Security-Policy comes from django-csp, with the site's directives
below (`settings.CONTENT_SECURITY_POLICY`, django-csp's setting, replaces
them if set): one strict policy, `script-src 'self'` plus a per-request nonce that is only
added to the header when a template used `request.csp_nonce`. Reader pages
never use it: they are cached and served as the same bytes to everyone, so
they carry no inline script and get the policy without a nonce. Pages
rendered per request (the desk's rich-text editor and its inline import map)
put the nonce on their inline tags. Django's SecurityMiddleware adds HSTS
(over HTTPS), Referrer-Policy and X-Content-Type-Options."""

from asgiref.sync import sync_to_async
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from csp.utils import DEFAULT_DIRECTIVES, build_policy, default_config
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from newsline.lib.middleware import SyncAndAsyncMiddleware

REPORT_PATH = "/csp-report"

# Only our own files; a nonce only where a page rendered per request asks for
# one. (JSON-LD blocks are data, not script: CSP does not apply to them.)
SITE_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    "style-src": [SELF, NONCE],
    "img-src": [SELF, "data:", "https:"],
    "connect-src": [SELF],
    "font-src": [SELF],
    # Embeds (liveblogs/embeds.py): a provider's page is framed only after
    # the reader presses "Show it here"; Mastodon servers are any https host.
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    # Browsers report violations to operations/views.py's csp_report. Only
    # report-uri: a browser that knows report-to ignores report-uri when both
    # are named, and Chromium's Reporting API delivered nothing to a plain
    # http test server in a couple of minutes, where report-uri arrives at
    # once (tests/browser/test_csp_violation_reports.py). The endpoint also
    # accepts the Reporting API's format, ready for report-to.
    "report-uri": [REPORT_PATH],
}

STAFF_PREFIXES = ("/desk/", "/admin/")

# Per area, directives that replace the site-wide ones.
AREA_POLICIES = (
    # The desk's editor (Tiptap) injects its base styles as a <style> element
    # without a nonce and ProseMirror writes style attributes: inline styles
    # are allowed there, inline scripts still need the nonce.
    ("/desk/", {"style-src": [SELF, UNSAFE_INLINE]}),
    # Django's admin (5.2) has no inline script or style attribute left: its
    # scripts are files that read their settings from data- attributes. The
    # one inline <style> (a change list with no actions) is not used by any
    # of our ModelAdmins. So it gets the site's policy, with no exception
    # (tests/browser/test_admin_content_security_policy.py).
)

_ORDER = {name: i for i, name in enumerate(dict.fromkeys(["default-src", *DEFAULT_DIRECTIVES]))}


def ordered(policy: str) -> str:
    """django-csp builds directives from a set; put them in one fixed order so
    every process sends the same header for the same policy."""
    parts = [p.strip() for p in policy.split(";") if p.strip()]
    parts.sort(key=lambda p: _ORDER.get(p.split(" ", 1)[0], len(_ORDER)))
    return "; ".join(parts)


def site_config() -> dict:
    configured = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return default_config(configured.get("DIRECTIVES") or SITE_DIRECTIVES)


def policy(replace: dict | None = None) -> str:
    """The site's policy (without a nonce), with some directives replaced."""
    return ordered(build_policy(config=site_config(), replace=replace))


# For views that set their own header (the embed page, the desk's preview).
READER_CSP = policy()
# The desk's preview frame: the desk's own policy (inline styles for the
# editor's markup), framed by the desk page itself.
DESK_PREVIEW_CSP = policy({**dict(AREA_POLICIES)["/desk/"], "frame-ancestors": [SELF]})
# The embed page may be framed by any site, or only by those listed.
EMBED_CSP = policy({"frame-ancestors": getattr(settings, "EMBED_FRAME_ANCESTORS", None) or ["*"]})


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if parts.config is None:
            parts.config = site_config()
        if parts.replace is None:
            for prefix, replace in AREA_POLICIES:
                if request.path_info.startswith(prefix):
                    parts.replace = replace
                    break
        return parts

    def process_response(self, request, response):
        had_policy = "Content-Security-Policy" in response
        response = super().process_response(request, response)
        if not had_policy and "Content-Security-Policy" in response:
            response["Content-Security-Policy"] = ordered(response["Content-Security-Policy"])
        if request.path.startswith(STAFF_PREFIXES):
            # Staff pages are personal: never let a shared cache keep them.
            response.setdefault("Cache-Control", "private, no-store")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class LanguageMiddleware(SyncAndAsyncMiddleware):
    """Which language a page is rendered in (docs/i18n.md).

    Pages that belong to one person (settings.PERSON_LANGUAGE_PATHS: the desk,
    account pages) follow the person's language setting, else what their
    browser asks for (Accept-Language), as Django's LocaleMiddleware does;
    those answers say they vary by it. Every other page is the same bytes for
    everyone, so it is rendered in the site's language (LANGUAGE_CODE), and a
    page about one blog switches to the blog's language itself
    (newsline.lib.languages.content_language): a reader's Accept-Language
    never reaches a shared cache."""

    def handle(self, request):
        personal = _personal(request)
        self._activate(request, person_language(request) if personal else settings.LANGUAGE_CODE)
        return self._vary(request, self.get_response(request), personal)

    async def __acall__(self, request):
        personal = _personal(request)
        # The person's setting is a database read (request.user): off the event loop.
        language = await sync_to_async(person_language)(request) if personal else settings.LANGUAGE_CODE
        self._activate(request, language)
        return self._vary(request, await self.get_response(request), personal)

    def _activate(self, request, language):
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def _vary(self, request, response, personal):
        if personal:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def _personal(request) -> bool:
    return request.path_info.startswith(tuple(settings.PERSON_LANGUAGE_PATHS))


def person_language(request) -> str:
    """The signed-in person's chosen language, else the browser's best match."""
    user = getattr(request, "user", None)
    chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass  # a language since removed from LANGUAGES
    return translation.get_language_from_request(request)
