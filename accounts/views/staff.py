"""Staff accounts, managed by admins at the desk (/desk/staff/): the list
with the staff audit, new accounts, role, details and deactivation, and byline
photos (everyone their own). Desk pages like any other: @desk_view (sign-in,
a newsroom role, the write limit), one accounts.access gate, one
accounts.actions action, which writes the StaffAuditEntry."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import access, actions
from accounts.forms import STAFF_ROLE_CHOICES, StaffCreateForm, StaffEditForm
from accounts.models import StaffAuditEntry
from liveblogs.media import MediaError
from liveblogs.views.desk.common import desk_view, forbidden

STAFF_PER_PAGE = 50
STAFF_AUDIT_SIZE = 50


def _staff_queryset():
    return get_user_model().objects.filter(role__in=[r for r, _ in STAFF_ROLE_CHOICES])


@desk_view
def staff_list(request):
    if not access.can_manage_staff(request.user):
        return forbidden(request, _("Only admins can manage staff accounts."))
    people = _staff_queryset().order_by("-is_active", "role", "display_name", "username")
    page = Paginator(people, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    log = StaffAuditEntry.objects.select_related("actor", "subject").order_by("-created_at", "-id")[:STAFF_AUDIT_SIZE]
    return render(
        request, "accounts/staff/list.html",
        {"page": page, "people": page.object_list, "log": log, "log_size": STAFF_AUDIT_SIZE},
    )


@desk_view
def staff_new(request):
    if not access.can_manage_staff(request.user):
        return forbidden(request, _("Only admins can manage staff accounts."))
    form = StaffCreateForm(request.POST or None, initial={"role": "reporter"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.create_staff(
                by=request.user, username=data["username"], email=data["email"], password=data["password"],
                role=data["role"], display_name=data["display_name"], bio=data["bio"],
            )
        except actions.ActionError as e:
            form.add_error("username", str(e))
        else:
            messages.success(request, _("Account created for %(name)s.") % {"name": person.byline})
            return redirect("desk:staff_list")
    status = 400 if form.errors else 200
    return render(request, "accounts/staff/form.html", {"form": form, "person": None}, status=status)


@desk_view
def staff_edit(request, user_id):
    if not access.can_manage_staff(request.user):
        if request.user.pk == user_id and request.method == "GET":
            # Everyone manages their own byline photo here; the rest is for admins.
            person = get_object_or_404(_staff_queryset(), pk=user_id)
            return render(request, "accounts/staff/form.html", {"person": person, "can_change_photo": True})
        return forbidden(request, _("Only admins can manage staff accounts."))
    person = get_object_or_404(_staff_queryset(), pk=user_id)
    form = StaffEditForm(request.POST or None, initial=StaffEditForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_staff(by=request.user, user=person, **form.cleaned_data)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Saved %(name)s’s account.") % {"name": person.byline})
            return redirect("desk:staff_list")
    status = 400 if form.errors else 200
    context = {"form": form, "person": person, "can_change_photo": access.can_change_staff_photo(request.user, person)}
    return render(request, "accounts/staff/form.html", context, status=status)


@desk_view
@require_POST
def staff_photo(request, user_id):
    """Upload (field `photo`) or remove (`remove=1`) a byline photo: one's
    own, or anyone's for an admin. Back to the staff page with a message."""
    person = get_object_or_404(_staff_queryset(), pk=user_id)
    if not access.can_change_staff_photo(request.user, person):
        return forbidden(request, _("You can change only your own photo."))
    upload = request.FILES.get("photo")
    if request.POST.get("remove") != "1" and upload is None:
        messages.error(request, _("Choose a picture to upload."))
        return redirect("desk:staff_edit", person.pk)
    try:
        actions.set_staff_photo(
            by=request.user, user=person, upload=None if request.POST.get("remove") == "1" else upload
        )
    except MediaError as e:
        messages.error(request, str(e))
    else:
        done = _("Saved %(name)s’s photo.") if upload else _("Removed %(name)s’s photo.")
        messages.success(request, done % {"name": person.byline})
    return redirect("desk:staff_edit", person.pk)
