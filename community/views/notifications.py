"""The notifications page, the bell's count, email preferences and the
one-click unsubscribe link."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from community import actions, mail
from community.forms import PreferencesForm
from community.models import EmailPreference, Notification
from community.views.common import private, wants_json


@require_safe
@never_cache
@login_required
def inbox(request):
    notes = list(
        Notification.objects.filter(recipient=request.user)
        .select_related("actor", "comment__blog", "blog")
        .order_by("-updated_at")[:100]
    )
    return private(render(request, "community/notifications.html", {"notifications": notes}))


@require_POST
@login_required
def mark_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    actions.mark_notifications_read(user=request.user, ids=ids)
    if wants_json(request):
        return private(JsonResponse({"ok": True}))
    return redirect("community:notifications")


@require_safe
@never_cache
def unread(request):
    """The bell's count, for the page's script to refresh now and then."""
    if not request.user.is_authenticated:
        return private(JsonResponse({"authenticated": False}))
    count = Notification.objects.filter(recipient=request.user, read_at=None).count()
    return private(JsonResponse({"authenticated": True, "unread": count}))


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def preferences(request):
    current = {kind: mail.delivery_for(request.user, kind) for kind in Notification.Kind.values}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        actions.set_email_preferences(user=request.user, choices=form.cleaned_data)
        from django.contrib import messages

        messages.info(request, gettext("Your email preferences are saved."))
        return redirect("community:preferences")
    return private(render(request, "community/preferences.html", {"form": form}))


@csrf_exempt  # the signed token is the proof; mail clients POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, token):
    found = mail.read_unsubscribe_token(token)
    user = None
    if found:
        user = get_user_model().objects.filter(pk=found[0]).first()
    if user is None or found[1] not in Notification.Kind.values:
        return private(render(request, "community/unsubscribe.html", {"invalid": True}, status=400))
    kind = found[1]
    label = dict(Notification.Kind.choices)[kind]
    if request.method == "POST":
        actions.set_email_preferences(user=user, choices={kind: EmailPreference.Delivery.OFF})
        return private(render(request, "community/unsubscribe.html", {"done": True, "label": label}))
    return private(render(request, "community/unsubscribe.html", {"label": label, "token": token}))
