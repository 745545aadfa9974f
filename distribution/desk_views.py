"""Desk pages of distribution: a newsroom member's API tokens (and, below,
webhooks). Personal pages: never cached, behind sign-in, CSRF-protected."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from distribution import access, actions
from distribution.models import ApiToken, Webhook
from liveblogs.models import LiveBlog
from newsline.lib.ratelimit import over_limit


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("What will use it, e.g. “Wire importer”."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=ApiToken.Scope.choices, widget=forms.CheckboxSelectMultiple,
        initial=[ApiToken.Scope.READ],
    )


def _forbidden(request):
    return HttpResponseForbidden(render(request, "distribution/desk/forbidden.html").content)


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    if not access.can_manage_api_tokens(request.user):
        return _forbidden(request)
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST":
        if over_limit("api-token-create", str(request.user.pk), limit=10, per_seconds=3600):
            form.add_error(None, gettext("You have created many tokens in the last hour; try again later."))
        elif form.is_valid():
            try:
                token, new_secret = actions.create_api_token(
                    user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
                )
            except actions.ActionError as exc:
                form.add_error(None, str(exc))
            else:
                form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "tokens": tokens, "new_secret": new_secret}
    return render(request, "distribution/desk/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request, token_id):
    if not access.can_manage_api_tokens(request.user):
        return _forbidden(request)
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    actions.revoke_api_token(token=token, by=request.user)
    messages.success(request, gettext("Revoked “%(name)s”. Anything using it can no longer reach the API.") % {
        "name": token.name})
    return redirect("distribution:api_tokens")


# Webhooks ---------------------------------------------------------------------


TEST_EVENTS_PER_MINUTE = 10


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https",
                         help_text=_("Where to POST each event. Use https://."))
    blog = forms.ModelChoiceField(
        queryset=LiveBlog.objects.order_by("-created_at"), required=False, empty_label=_("Every blog"), label=_("Blog"),
        help_text=_("Only this blog's events, or every blog's."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Webhook.EVENTS, widget=forms.CheckboxSelectMultiple, initial=Webhook.DEFAULT_EVENTS
    )


@login_required
@require_http_methods(["GET", "POST"])
def webhooks_list(request):
    if not access.can_manage_webhooks(request.user):
        return _forbidden(request)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hook = actions.create_webhook(
                by=request.user, url=form.cleaned_data["url"], events=form.cleaned_data["events"],
                blog=form.cleaned_data["blog"],
            )
        except actions.ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Webhook added. Its signing secret is on its page."))
            return redirect("distribution:webhook", hook.pk)
    hooks = Webhook.objects.select_related("blog")
    return render(request, "distribution/desk/webhooks.html", {"form": form, "hooks": hooks})


@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request, webhook_id):
    if not access.can_manage_webhooks(request.user):
        return _forbidden(request)
    hook = get_object_or_404(Webhook.objects.select_related("blog"), pk=webhook_id)
    if request.method == "POST":
        verb = request.POST.get("do")
        if verb == "delete":
            actions.delete_webhook(webhook=hook, by=request.user)
            messages.success(request, gettext("Webhook removed."))
            return redirect("distribution:webhooks")
        if verb in ("enable", "disable"):
            actions.set_webhook_active(webhook=hook, by=request.user, active=verb == "enable")
            done = gettext("Webhook switched on.") if verb == "enable" else gettext("Webhook switched off.")
            messages.success(request, done)
        if verb == "test":
            if over_limit("webhook-test", str(request.user.pk), limit=TEST_EVENTS_PER_MINUTE, per_seconds=60):
                messages.error(request, gettext("Too many test events in one minute. Wait a moment, then try again."))
                return redirect("distribution:webhook", hook.pk)
            delivery = actions.send_test_event(webhook=hook, by=request.user)
            return redirect(f"{reverse('distribution:webhook', args=[hook.pk])}?test={delivery.pk}#test-event")
        return redirect("distribution:webhook", hook.pk)
    deliveries = hook.deliveries.all()[:50]
    test = None
    if request.GET.get("test", "").isdigit():
        test = hook.deliveries.filter(pk=int(request.GET["test"]), blog__isnull=True).first()
    return render(request, "distribution/desk/webhook.html", {"hook": hook, "deliveries": deliveries, "test": test})
