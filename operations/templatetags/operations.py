"""{% health_glance %}: the site's health in one line for editors on the desk
(is live delivery working, are scheduled posts going out). Staff only: it
renders nothing for anyone else."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext

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
    database_ok = checks["database"]["ok"]
    worker_ok = checks["worker"]["ok"]
    if database_ok and not broker.get("degraded"):
        delivery = ("ok", gettext("working"))
    elif database_ok:
        delivery = ("warn", gettext(
            "slower than usual: updates reach readers within a few seconds (the message service is down)"))
    else:
        delivery = ("bad", gettext("the database is not answering: publishing will fail"))
    if worker_ok:
        scheduled = ("ok", gettext("going out on time"))
    else:
        scheduled = ("bad", gettext("held up: no background worker is running (tell the operations team)"))
    items = [
        (gettext("Live delivery"), *delivery),
        (gettext("Scheduled posts"), *scheduled),
    ]
    return {"show": True, "ready": ready, "items": items, "checked_at": timezone.now()}
