"""Account → Membership: plan, status, next payment, receipts, the portal,
donation history and contribution reminders."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from membership import actions, plans
from membership import stripe_gateway as gateway
from membership.entitlements import member_state
from membership.forms import ReminderForm
from membership.models import Kind, Membership, Payment, Reminder, Subscription
from newsline.lib.ratelimit import over_limit


@login_required
@never_cache
def account(request):
    user = request.user
    state = member_state(user)
    membership = Membership.objects.filter(user=user).first()
    payments = list(Payment.objects.filter(user=user).select_related("subscription")[:100])
    gifts = Subscription.objects.donations().filter(user=user).order_by("-created_at")[:20]
    reminder = Reminder.objects.filter(user=user, sent_at__isnull=True).first()
    today = timezone.localdate()
    form = ReminderForm(today=today)
    if request.method == "POST":
        form = ReminderForm(request.POST, today=today)
        if over_limit("membership-reminder", str(user.pk), limit=20, per_seconds=3600):
            form.add_error(None, gettext("Too many changes in a short time. Please try again later."))
        elif form.is_valid():
            reminder = actions.set_reminder(user=user, month=form.month_date())
            messages.success(
                request, gettext("We will remind you in %(month)s.") % {"month": date_format(reminder.remind_on, "F Y")}
            )
            return redirect("membership:account")
    return render(
        request,
        "membership/account.html",
        {
            "state": state,
            "membership": membership,
            "premium_payments": [p for p in payments if p.kind == Kind.PREMIUM],
            "donations": [p for p in payments if p.kind == Kind.DONATION],
            "recurring_gifts": gifts,
            "reminder": reminder,
            "reminder_form": form,
            "grace_days": actions.grace_days_left(state.subscription) if state.status == "grace" else 0,
            "test_mode": gateway.test_mode(),
            "money": plans.money,
        },
    )


@login_required
@require_POST
def cancel_reminder(request):
    actions.cancel_reminder(user=request.user)
    messages.success(request, gettext("Reminder cancelled."))
    return redirect("membership:account")


@login_required
@require_POST
def portal(request):
    """Off to Stripe's Customer Portal (or test mode's) to manage or cancel."""
    membership = Membership.objects.filter(user=request.user).exclude(stripe_customer_id="").first()
    if membership is None:
        messages.error(request, gettext("There is nothing to manage yet: you have no payments with us."))
        return redirect("membership:account")
    return_url = settings.SITE_URL + reverse("membership:account")
    try:
        url = gateway.create_portal_url(membership.stripe_customer_id, return_url)
    except gateway.StripeError:
        messages.error(request, gettext("We could not reach our payment provider. Please try again shortly."))
        return redirect("membership:account")
    return HttpResponseRedirect(url)
