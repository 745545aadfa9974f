"""Stripe's webhook endpoint: verify, record once, answer at once."""

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from membership import actions
from membership import stripe_gateway as gateway

log = logging.getLogger(__name__)


# CSRF-exempt by necessity: Stripe cannot hold our token. The Stripe-Signature
# over the raw body (checked in actions.receive_event) is what proves origin.
@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        outcome, _ = actions.receive_event(payload=request.body, signature=request.headers.get("Stripe-Signature"))
    except gateway.SignatureError:
        log.warning("webhook refused: bad or stale signature")
        return HttpResponse("Signature check failed.", status=400, content_type="text/plain")
    except ValueError:
        return HttpResponse("Not a Stripe event.", status=400, content_type="text/plain")
    return JsonResponse({"received": True, "outcome": outcome})
