from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "email", "role", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = UserAdmin.fieldsets + ((_("Newsroom"), {"fields": ("role", "display_name", "bio")}),)
