"""Readers' side of push alerts.

    POST /push/subscribe     {"blog", "subscription": PushSubscription.toJSON(), "key_events", "blog_end"}
    POST /push/unsubscribe   {"blog", "endpoint"}
    POST /push/status        {"blog", "endpoint"}: {"subscribed": bool}
    GET  /push-sw.js         the service worker (at the root, so its scope covers every blog page)

CSRF. The reader page is the same bytes for everyone and carries no token.
These writes rely on no credential the browser sends by itself: no cookie is
read, the subscription is tied to no account, and the endpoint in the body (a
secret capability URL from the browser's push service) is what names the
subscriber, as the voter token does for votes (docs/polls.md). Another site
could only subscribe or unsubscribe a push address it already knows. The
body must be JSON (`Content-Type: application/json`, which a cross-site form
cannot send without a CORS preflight we never answer), and a request whose
Origin is not ours is refused."""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from community.limits import client_ip
from liveblogs.models import LiveBlog
from newsline.lib.languages import content_language
from newsline.lib.ratelimit import over_limit
from pushalerts import actions, vapid

SERVICE_WORKER = (settings.BASE_DIR / "pushalerts" / "static" / "pushalerts" / "sw.js")
READS_PER_ADDRESS_PER_MINUTE = 120


def _answer(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return _answer({"ok": False, "error": message}, status)


def _same_origin(request) -> bool:
    origin = request.headers.get("Origin")
    return origin is None or origin == settings.SITE_URL or origin == request.build_absolute_uri("/").rstrip("/")


def _parse(request) -> tuple[dict | None, JsonResponse | None]:
    if request.content_type != "application/json":
        return None, _error(_("Send the request as JSON."), 415)
    if not _same_origin(request):
        return None, _error(_("This request came from another site."), 403)
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return None, _error(_("Send the request as JSON."), 400)
    return data, None


def _blog(data: dict) -> LiveBlog | None:
    slug = data.get("blog")
    if not isinstance(slug, str) or not slug:
        return None
    return LiveBlog.objects.public().filter(slug=slug).first()


def _handle(request, work):
    data, problem = _parse(request)
    if problem:
        return problem
    blog = _blog(data)
    if blog is None:
        return _error(_("No such live blog."), 404)
    with content_language(blog.language):
        if vapid.keys() is None:
            return _error(_("Alerts are not available on this site."), 404)
        return work(data, blog)


@csrf_exempt
@require_POST
def subscribe(request):
    def work(data, blog):
        if over_limit("push-subscribe", client_ip(request), limit=settings.WEBPUSH_SUBSCRIBES_PER_ADDRESS_PER_HOUR,
                      per_seconds=3600):
            return _error(_("Too many alert sign-ups from your network: try again later."), 429)
        try:
            subscription = actions.Subscription.from_browser(data.get("subscription"))
            actions.subscribe(blog=blog, subscription=subscription, key_events=data.get("key_events", True) is True,
                              blog_end=data.get("blog_end", True) is True)
        except actions.SubscriptionError as exc:
            return _error(str(exc), 400)
        return _answer({"ok": True, "subscribed": True,
                        "message": _("Alerts are on: you will be told of key events and when this live blog ends.")})

    return _handle(request, work)


def _endpoint_work(request, action):
    def work(data, blog):
        if over_limit("push-read", client_ip(request), limit=READS_PER_ADDRESS_PER_MINUTE, per_seconds=60):
            return _error(_("Too many requests from your network: wait a moment, then try again."), 429)
        endpoint = data.get("endpoint")
        if not isinstance(endpoint, str) or not endpoint:
            return _error(_("The browser gave no usable push address."), 400)
        return action(blog, endpoint)

    return _handle(request, work)


@csrf_exempt
@require_POST
def unsubscribe(request):
    def action(blog, endpoint):
        actions.unsubscribe(blog=blog, endpoint=endpoint)
        return _answer({"ok": True, "subscribed": False, "message": _("Alerts are off for this live blog.")})

    return _endpoint_work(request, action)


@csrf_exempt
@require_POST
def status(request):
    def action(blog, endpoint):
        return _answer({"ok": True, "subscribed": actions.is_subscribed(blog=blog, endpoint=endpoint)})

    return _endpoint_work(request, action)


@require_safe
def service_worker(request):
    """From the root, so its scope covers every blog page. Checked for a
    new version on each registration (no-cache), as browsers do anyway."""
    response = HttpResponse(SERVICE_WORKER.read_bytes(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    response["Service-Worker-Allowed"] = "/"
    response.is_public = True
    return response
