"""{% health_glance %}: the site's health in one line for editors on the desk
(is live delivery working, are scheduled posts going out). Staff only: it
renders nothing for anyone else."""

from django import template
from django.utils import timezone

from operations import health

register = template.Library()


@register.inclusion_tag("operations/_health_glance.html", takes_context=True)
def health_glance(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and getattr(user, "is_newsroom_staff", False)):
        return {"show": False}
    ready, checks = health.readiness()
    broker = checks["broker"]
    items = [
        (
            "Live delivery",
            "ok"
            if checks["database"]["ok"] and not broker.get("degraded")
            else ("warn" if checks["database"]["ok"] else "bad"),
            "working"
            if checks["database"]["ok"] and not broker.get("degraded")
            else "slower than usual: updates reach readers within a few seconds (the message service is down)"
            if checks["database"]["ok"]
            else "the database is not answering: publishing will fail",
        ),
        (
            "Scheduled posts",
            "ok" if checks["worker"]["ok"] else "bad",
            "going out on time"
            if checks["worker"]["ok"]
            else "held up: no background worker is running (tell the operations team)",
        ),
    ]
    return {"show": True, "ready": ready, "items": items, "checked_at": timezone.now()}
