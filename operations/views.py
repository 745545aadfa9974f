"""Health and metrics endpoints, for load balancers, orchestrators and
Prometheus. None of them reads or writes a session or sets a cookie, and
none may be cached."""

import json

from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from operations import health
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
