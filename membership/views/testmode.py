"""Test mode's checkout page and customer portal (no Stripe keys set).
Clearly labelled; each button delivers signed events to the webhook code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from membership import plans, testmode
from membership import stripe_gateway as gateway
from membership.access import can_use_test_mode_portal
from membership.models import LocalCheckoutSession, LocalSubscription, Membership


def _only_in_test_mode():
    if not gateway.test_mode():
        raise Http404(gettext("Test mode is off: real Stripe keys are set."))


@never_cache
def checkout(request, session_id):
    _only_in_test_mode()
    session = get_object_or_404(LocalCheckoutSession, session_id=session_id)
    if session.user_id and session.user_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        if request.POST.get("choice") == "cancel":
            return HttpResponseRedirect(session.cancel_url)
        testmode.complete_checkout(session)
        return HttpResponseRedirect(session.success_url)
    return render(
        request,
        "membership/testmode_checkout.html",
        {"session": session, "price": plans.money(session.amount, session.currency)},
    )


@login_required
@never_cache
def portal(request):
    _only_in_test_mode()
    membership = Membership.objects.filter(user=request.user).first()
    customer_id = membership.stripe_customer_id if membership else ""
    if not can_use_test_mode_portal(request.user, customer_id):
        messages.error(request, gettext("There is nothing to manage yet."))
        return redirect("membership:account")
    subs = LocalSubscription.objects.filter(customer_id=customer_id).order_by("-created_at")
    if request.method == "POST":
        sub = get_object_or_404(subs, subscription_id=request.POST.get("subscription", ""))
        choice = request.POST.get("choice")
        if sub.status == "canceled":
            messages.error(request, gettext("That subscription has already ended."))
        elif choice == "cancel_at_period_end":
            testmode.cancel(sub, at_period_end=True)
            messages.success(request, gettext("Cancelled: it stays active until the end of the period."))
        elif choice == "cancel_now":
            testmode.cancel(sub, at_period_end=False)
            messages.success(request, gettext("Cancelled now."))
        elif choice == "resume":
            testmode.resume(sub)
            messages.success(request, gettext("Your subscription will carry on."))
        elif choice in ("month", "year") and sub.kind == "premium":
            testmode.change_interval(sub, interval=choice, amount=plans.PREMIUM_PRICES[sub.currency][choice])
            messages.success(request, gettext("Plan changed."))
        elif choice == "fail_renewal":
            testmode.fail_renewal(sub)
            messages.success(request, gettext("A declined renewal was simulated."))
        elif choice == "renew":
            testmode.renew(sub)
            messages.success(request, gettext("A successful renewal was simulated."))
        else:
            messages.error(request, gettext("Choose one of the actions below."))
        return redirect("membership:testmode_portal")
    rows = [{"sub": s, "price": plans.money(s.amount, s.currency)} for s in subs]
    return render(request, "membership/testmode_portal.html", {"rows": rows})
