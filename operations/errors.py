"""The server-error handler (settings: newsline.urls.handler500).

A database that is down or restarting is not a bug: the person gets a 503
page that says so, and a form they were sending (a reporter publishing at
the desk) comes back with everything they typed and a button to send it
again. Nothing here touches the database, the session or the signed-in
user: all three may be what failed. Other errors get the plain 500 page."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
# Fields shown for editing on the retry page; every other posted field is
# carried along hidden, so the retry sends the same form.
SHOWN_FIELDS = ("headline", "body")
NEVER_ECHOED = ("csrfmiddlewaretoken", "password", "password1", "password2", "oldpassword", "code")


def _database_down() -> bool:
    exc = sys.exc_info()[1]
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request):
    if not _database_down():
        return HttpResponseServerError(
            render_to_string("operations/500.html"), content_type="text/html; charset=utf-8"
        )
    kept = []
    if request.method == "POST":
        for name, values in request.POST.lists():
            if name in NEVER_ECHOED:
                continue
            for value in values:
                kept.append({"name": name, "value": value, "shown": name in SHOWN_FIELDS})
    html = render_to_string(
        "operations/database_unavailable.html",
        {
            "action": request.get_full_path(),
            "fields": kept,
            "csrf_token": get_token(request) if kept else "",
            "retry_after": RETRY_AFTER_SECONDS,
        },
    )
    response = HttpResponse(html, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The hint-cookie middleware would ask who is signed in: a database read.
    response.is_public = True
    return response
