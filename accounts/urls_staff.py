"""Staff accounts at /desk/staff/: included by liveblogs.urls_desk, so the
names stay in the desk's namespace (desk:staff_list…) beside the pages they
are reached from."""

from django.urls import path

from accounts.views import staff

urlpatterns = [
    path("", staff.staff_list, name="staff_list"),
    path("new/", staff.staff_new, name="staff_new"),
    path("<int:user_id>/", staff.staff_edit, name="staff_edit"),
    path("<int:user_id>/photo/", staff.staff_photo, name="staff_photo"),
]
