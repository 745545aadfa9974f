from urllib.parse import urlsplit

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pushalerts.models import PushAlert, PushSubscription


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    # The endpoint is a capability URL: listed by its service, never in full.
    list_display = ("blog", "service", "key_events", "blog_end", "failures", "created_at")
    list_filter = ("key_events", "blog_end")
    fields = ("blog", "key_events", "blog_end", "since_seq", "failures", "created_at")
    readonly_fields = fields

    @admin.display(description=_("push service"))
    def service(self, obj):
        return urlsplit(obj.endpoint).hostname

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PushAlert)
class PushAlertAdmin(admin.ModelAdmin):
    list_display = ("blog", "kind", "post_id", "seq", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("blog", "kind", "post_id", "seq", "payload", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
