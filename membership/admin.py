"""Admin: appeal copy and ladders, members (hand grants, audited), payments, events."""

from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from membership import actions
from membership.forms import GrantForm
from membership.models import (
    Appeal,
    AppealAmount,
    Bookmark,
    GrantAudit,
    Membership,
    Payment,
    Reminder,
    StripeEvent,
    Subscription,
)


class AppealAmountInline(admin.TabularInline):
    model = AppealAmount
    extra = 1


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("title", "active", "updated_at")
    inlines = [AppealAmountInline]


@admin.action(description=_("Grant Premium… (audited)"))
def grant(modeladmin, request, queryset):
    """Asks how long and why, then grants: the reason goes into the audit."""
    form = GrantForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        until = timezone.now() + timedelta(days=30 * form.cleaned_data["months"])
        for membership in queryset.select_related("user"):
            actions.grant_premium(member=membership.user, by=request.user, until=until, note=form.cleaned_data["note"])
        count = queryset.count()
        messages.success(request, ngettext(
            "Granted Premium until %(until)s to %(count)d member.",
            "Granted Premium until %(until)s to %(count)d members.", count,
        ) % {"until": date_format(until, "j F Y"), "count": count})
        return None
    return TemplateResponse(
        request,
        "membership/admin_grant.html",
        {**modeladmin.admin_site.each_context(request), "form": form, "queryset": queryset,
         "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "opts": modeladmin.model._meta,
         "title": _("Grant Premium")},
    )


@admin.action(description=_("Revoke hand-granted Premium (audited)"))
def revoke(modeladmin, request, queryset):
    for membership in queryset.select_related("user"):
        actions.revoke_premium(member=membership.user, by=request.user, note="Revoked in the admin")
    count = queryset.count()
    messages.success(request, ngettext(
        "Revoked hand grants for %(count)d member. Paid subscriptions are unchanged.",
        "Revoked hand grants for %(count)d members. Paid subscriptions are unchanged.", count,
    ) % {"count": count})


@admin.action(description=_("Clear dispute hold (audited)"))
def clear_hold(modeladmin, request, queryset):
    for membership in queryset.select_related("user"):
        actions.clear_dispute_hold(member=membership.user, by=request.user, note="Cleared in the admin")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "stripe_customer_id", "granted_until", "dispute_hold", "updated_at")
    search_fields = ("user__username", "user__email", "stripe_customer_id")
    raw_id_fields = ("user",)
    # Grants and holds change only through the audited actions.
    readonly_fields = ("granted_until", "dispute_hold", "stripe_customer_id")
    actions = [grant, revoke, clear_hold]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Adding a member here is how the newsroom grants Premium to someone new.
            actions.grant_premium(
                member=obj.user, by=request.user, until=timezone.now() + timedelta(days=365), note="Added in the admin"
            )


@admin.register(GrantAudit)
class GrantAuditAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "member", "actor", "until", "note")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("stripe_id", "user", "kind", "status", "amount", "currency", "interval", "current_period_end")
    list_filter = ("kind", "status", "currency")
    search_fields = ("stripe_id", "user__username", "customer_id")

    def has_change_permission(self, request, obj=None):
        return False  # a mirror of Stripe: change it in Stripe


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ("paid_at", "kind", "frequency", "amount", "currency", "status", "user")
    list_filter = ("kind", "frequency", "status", "currency")
    search_fields = ("stripe_id", "payment_intent", "user__username")

    def has_change_permission(self, request, obj=None):
        return False


@admin.action(description=_("Apply again (queue the job)"))
def requeue(modeladmin, request, queryset):
    from membership.tasks import process_stripe_event

    pending = queryset.filter(processed_at__isnull=True)
    for event in pending:
        process_stripe_event.enqueue(event.pk)
    queued = pending.count()
    messages.success(request, ngettext(
        "Queued %(count)d unprocessed event.", "Queued %(count)d unprocessed events.", queued
    ) % {"count": queued})


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("received_at", "type", "event_id", "processed_at", "attempts", "error")
    actions = [requeue]
    list_filter = ("type",)
    search_fields = ("event_id",)

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Bookmark)
admin.site.register(Reminder)
