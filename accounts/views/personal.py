"""The private endpoint reader pages call by script for personal parts.

Reader pages are the same bytes for everyone; whatever is personal (who is
signed in, links for staff) comes from here, never cached by anyone."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts import actions
from accounts.forms import DeleteAccountForm, LanguageForm, ProfileForm
from accounts.receivers import vouched_for
from newsline.lib.ratelimit import over_limit
from newsline.middleware import person_language

PROFILE_WRITES_PER_HOUR = 20
EXPORTS_PER_HOUR = 10
DELETE_ATTEMPTS = 5


def _providers():
    # Other apps add their personal parts (membership state, unread
    # notifications…) through settings.ME_PROVIDERS, so accounts imports none
    # of them: each entry is (key, "dotted.path.to.callable(request) -> dict").
    return [(key, import_string(path)) for key, path in getattr(settings, "ME_PROVIDERS", [])]


@require_safe
@never_cache
def me(request):
    user = request.user
    if not user.is_authenticated:
        data = {"authenticated": False}
    else:
        data = {"authenticated": True, "name": user.byline, "role": user.role}
        if user.is_newsroom_staff:
            data["desk_url"] = reverse("desk:home")
        for key, provide in _providers():
            data[key] = provide(request)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def staff_sign_in(request):
    """The desk's and the admin's sign-in addresses lead to the one sign-in
    (allauth's), so password rate limits and the two-factor step apply to
    everyone; staff land back where they were going, by default the desk."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    user = request.user
    if user.is_authenticated:
        # Already signed in: go on if this account may use the page; if not,
        # say so (the admin sends such people back to its sign-in, and allauth
        # would send a signed-in person straight back: a loop).
        target = next_url or reverse("desk:home")
        may = user.is_active and user.is_staff if target.startswith("/admin/") else vouched_for(user)
        if may:
            return HttpResponseRedirect(target)
        return render(request, "account/staff_only.html", status=403)
    query = urlencode({"next": next_url or reverse("desk:home")})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}")


@login_required
@never_cache
def profile_settings(request):
    """Display name and short bio."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, user=user)
        limited = over_limit("account-profile", str(user.pk), limit=PROFILE_WRITES_PER_HOUR, per_seconds=3600)
        if limited:
            form.is_valid()  # the form comes back as typed, with the reason
            form.add_error(None, _("Too many changes in an hour. Try again later; nothing was changed."))
        elif form.is_valid():
            try:
                actions.update_profile(user=user, **form.cleaned_data)
            except actions.ActionError as error:
                form.add_error("display_name", str(error))
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:settings")
        return render(request, "account/profile.html", {"form": form, "language_form": _language_form(user)},
                      status=429 if limited else 200)
    form = ProfileForm(user=user, initial={"display_name": user.display_name, "bio": user.bio})
    return render(request, "account/profile.html", {"form": form, "language_form": _language_form(user)})


def _language_form(user):
    return LanguageForm(initial={"language": user.language}, auto_id="language_%s")


@login_required
@never_cache
@require_POST
def language(request):
    """The language of the desk and account pages for the person signed in
    (docs/i18n.md); back to the page they came from."""
    form = LanguageForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("accounts:settings")
    if over_limit("account-language", str(request.user.pk), limit=PROFILE_WRITES_PER_HOUR, per_seconds=3600):
        messages.error(request, _("Too many changes in an hour. Try again later; nothing was changed."))
    elif not form.is_valid():
        messages.error(request, _("Choose one of the languages listed; nothing was changed."))
    else:
        actions.set_language(user=request.user, language=form.cleaned_data["language"])
        # The confirmation is already in the language chosen.
        translation.activate(person_language(request))
        messages.success(request, _("Your language is saved."))
    return HttpResponseRedirect(back)


@login_required
@never_cache
@require_safe
def your_data(request):
    """Download a copy of your data, or delete the account."""
    return render(request, "account/data.html")


@login_required
@never_cache
@require_safe
def export(request):
    if over_limit("account-export", str(request.user.pk), limit=EXPORTS_PER_HOUR, per_seconds=3600):
        messages.error(request, _("You have downloaded your data several times this hour. Try again later."))
        return redirect("accounts:data")
    data = actions.export_data(user=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{settings.NEWSROOM_NAME.lower()}-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@never_cache
def delete(request):
    user = request.user
    if request.method != "POST":
        return render(request, "account/delete.html", {"form": DeleteAccountForm(user=user)})
    form = DeleteAccountForm(request.POST, user=user)
    # Password guesses on a stolen session are limited like sign-in.
    if over_limit("account-delete", str(user.pk), limit=DELETE_ATTEMPTS, per_seconds=15 * 60):
        form.is_valid()
        form.add_error(None, _("Too many attempts. Try again in 15 minutes; nothing was deleted."))
        return render(request, "account/delete.html", {"form": form}, status=429)
    if form.is_valid():
        try:
            actions.delete_account(user=user)
        except actions.ActionError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for reading."))
            return redirect("/")
    return render(request, "account/delete.html", {"form": form})
