"""The site's URLs plus one page made to break the Content-Security-Policy,
for tests/browser/test_csp_violation_reports.py only."""

from django.http import HttpResponse
from django.urls import path

from newsline.urls import urlpatterns as site_urlpatterns

# An inline script with no nonce: the policy blocks it and the browser
# reports script-src-elem to /csp-report.
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Made to violate</title></head>
<body><p id="state">blocked</p>
<script>document.getElementById("state").textContent = "ran";</script></body></html>"""


def violating_page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("test/csp-violation/", violating_page), *site_urlpatterns]
