"""The site's URLs plus /held/?name=N: a Django view that stays in flight
until the test lets it go, for tests of stopping a server with a request in
hand (operations/tests/test_stop_with_request_in_flight.py).

The view touches `<HELD_REQUEST_DIR>/N.started` once it runs, then waits for
`N.release` (a test's gate, not a sleep of a guessed length) and answers
after a database read, as a real page would."""

import os
import re
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path

from newsline.urls import handler500  # noqa: F401 (the site's error page)
from newsline.urls import urlpatterns as site_urlpatterns

GATE_SECONDS = 90  # a gate nobody opens fails the request instead of holding the server for ever


def held(request):
    name = request.GET.get("name", "")
    if not re.fullmatch(r"[a-z0-9-]{1,40}", name):
        return HttpResponseBadRequest("name: a-z, 0-9 and -")
    gates = Path(os.environ["HELD_REQUEST_DIR"])
    (gates / f"{name}.started").touch()
    deadline = time.monotonic() + GATE_SECONDS
    while not (gates / f"{name}.release").exists():
        if time.monotonic() > deadline:
            return HttpResponse("the gate was never opened", status=500)
        time.sleep(0.02)
    accounts = get_user_model().objects.count()
    return HttpResponse(f"answered {name} ({accounts} accounts)", content_type="text/plain")


urlpatterns = [path("held/", held), *site_urlpatterns]
