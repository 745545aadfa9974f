"""Response headers every page gets."""

# Reader pages run only our own files: no inline script, no third parties.
# (The JSON-LD block is data, not script, so CSP does not apply to it.)
READER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# The desk's rich-text editor is loaded through an inline import map and sets
# inline styles; staff pages allow inline code but nothing from elsewhere.
STAFF_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
STAFF_PREFIXES = ("/desk/", "/admin/")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            staff = request.path.startswith(STAFF_PREFIXES)
            response["Content-Security-Policy"] = STAFF_CSP if staff else READER_CSP
        if request.path.startswith(STAFF_PREFIXES):
            # Staff pages are personal: never let a shared cache keep them.
            response.setdefault("Cache-Control", "private, no-store")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response
