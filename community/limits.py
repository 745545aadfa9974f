"""Rate limits on community writes, per signed-in account and per client
address, counted in the cache every worker shares (newsline.lib.ratelimit,
settings.CACHES). Each returns a message or None.

The address is the one allauth's sign-in limits use: X-Forwarded-For only
through TRUSTED_PROXY_COUNT trusted proxies (ALLAUTH_TRUSTED_PROXY_COUNT),
else the connection's own address, so a client cannot pick its own."""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _

from newsline.lib.ratelimit import over_limit

# bucket: (attempts, per seconds, message)
LIMITS = {
    "comment": [(1, 3, _("You are posting too quickly: wait a few seconds.")),
                (30, 3600, _("You have posted a lot in the last hour: try again later."))],
    "edit": [(10, 60, _("Too many edits in a minute: wait a moment."))],
    "like": [(30, 60, _("Too many likes in a minute: wait a moment."))],
    "report": [(10, 3600, _("You have sent many reports this hour: a moderator will look at them."))],
    "follow": [(30, 60, _("Too many follows in a minute: wait a moment."))],
    # Questions to the newsroom: a person asks a few, not a stream.
    "question": [
        (1, 10, _("You are sending questions too quickly: wait a few seconds.")),
        (10, 3600, _("You have sent many questions this hour: the newsroom will read them first.")),
    ],
}

# Per address: looser, since many readers can share one (offices, mobile networks).
IP_LIMITS = {
    "comment": [(20, 60, _("Too many comments from your network in the last minute: wait a moment.")),
                (300, 3600, _("Too many comments from your network this hour: try again later."))],
    "edit": [(60, 60, _("Too many edits from your network in a minute: wait a moment."))],
    "like": [(120, 60, _("Too many likes from your network in a minute: wait a moment."))],
    "report": [(60, 3600, _("Too many reports from your network this hour: try again later."))],
    "follow": [(120, 60, _("Too many follows from your network in a minute: wait a moment."))],
    "question": [(20, 60, _("Too many questions from your network in the last minute: wait a moment.")),
                 (200, 3600, _("Too many questions from your network this hour: try again later."))],
}


def client_ip(request) -> str:
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except (ImproperlyConfigured, PermissionDenied):  # X-Forwarded-For shorter than the proxy count
        return request.META.get("REMOTE_ADDR") or "unknown"


def limited(bucket: str, user, request=None) -> str | None:
    for limit, per, message in LIMITS[bucket]:
        if over_limit(f"community-{bucket}-{per}", str(user.pk), limit=limit, per_seconds=per):
            return str(message)
    if request is not None:
        ip = client_ip(request)
        for limit, per, message in IP_LIMITS[bucket]:
            if over_limit(f"community-ip-{bucket}-{per}", ip, limit=limit, per_seconds=per):
                return str(message)
    return None
