"""Health and metrics endpoints, for load balancers, orchestrators and
Prometheus. None of them reads or writes a session or sets a cookie, and
none may be cached."""

import json

from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from operations import csp_reports, health
from operations import metrics as metrics_module


def _json(status: int, payload: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json")
    response.is_public = True  # tells the signed-in hint middleware to leave the session alone
    return response


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """The process is up and answering."""
    return _json(200, {"status": "ok"})


@csrf_exempt
@require_safe
@never_cache
def readyz(request):
    """Ready for traffic: database reachable, migrations applied, a job
    worker alive; the broker connected or delivery degraded to log polling."""
    ready, checks = health.readiness()
    response = _json(200 if ready else 503, {"status": "ready" if ready else "unavailable", "checks": checks})
    # A 503 here is an answer, not a server error: keep it out of the error log.
    response._has_been_logged = True
    return response


@csrf_exempt
@require_safe
@never_cache
def metrics(request):
    if not metrics_module.may_scrape(request.META.get("REMOTE_ADDR"), request.META.get("HTTP_AUTHORIZATION")):
        # Not 403: the endpoint does not exist for the public.
        response = HttpResponseNotFound("Not found\n", content_type="text/plain")
        response.is_public = True
        return response
    response = HttpResponse(metrics_module.render(), content_type=metrics_module.CONTENT_TYPE)
    response.is_public = True
    return response


@csrf_exempt
@require_POST
@never_cache
def csp_report(request):
    """Content-Security-Policy violation reports from browsers (report-to and
    report-uri): no cookie, no session, no CSRF token (a browser sends them
    with none). Each violation is logged and counted; 204, nothing else."""
    from community.limits import client_ip
    from newsline.lib.ratelimit import over_limit

    def answer(status: int) -> HttpResponse:
        response = HttpResponse(status=status)
        response.is_public = True
        response._has_been_logged = True  # a refused report is not a server error
        return response

    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > csp_reports.MAX_BODY_BYTES:
        return answer(413)
    raw = request.read(csp_reports.MAX_BODY_BYTES + 1)
    if len(raw) > csp_reports.MAX_BODY_BYTES:
        return answer(413)
    if over_limit("csp-report", client_ip(request), limit=csp_reports.PER_ADDRESS_PER_MINUTE, per_seconds=60):
        return answer(429)
    try:
        violations = csp_reports.parse(raw)
    except csp_reports.BadReport:
        return answer(400)
    for violation in violations:
        violation.log()
    return answer(204)
