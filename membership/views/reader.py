"""Reader-facing membership pages: support, join, the checkout hand-off,
bookmarks and the Saved page, the appeal's public data."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from liveblogs.models import LiveBlog, Post
from membership import actions, plans
from membership import stripe_gateway as gateway
from membership.entitlements import member_state
from membership.forms import BookmarkForm, GiftForm, JoinForm, ReminderForm
from membership.models import Appeal, Bookmark, Frequency, Kind
from newsline.lib.ratelimit import over_limit

DEFAULT_APPEAL = {
    "title": _("Our reporting is free to read"),
    "body": _(
        "There is no paywall here. Readers who can afford it pay for this journalism, "
        "and every contribution keeps reporters where the story is."
    ),
    "button_label": _("Support us"),
}
DEFAULT_LADDER = [(5, False), (10, True), (25, False), (50, False)]


def _ladders(appeal):
    ladders = {}
    if appeal:
        for step in appeal.amounts.all():
            ladders.setdefault(step.currency, []).append({"amount": step.amount, "default": step.is_default})
    for currency in plans.currencies():
        if currency not in ladders:
            ladders[currency] = [{"amount": a, "default": d} for a, d in DEFAULT_LADDER]
        elif not any(s["default"] for s in ladders[currency]):
            ladders[currency][len(ladders[currency]) // 2]["default"] = True
    return {c: ladders[c] for c in plans.currencies()}


def current_appeal():
    appeal = Appeal.objects.filter(active=True).prefetch_related("amounts").first()
    copy = {k: getattr(appeal, k) for k in DEFAULT_APPEAL} if appeal else dict(DEFAULT_APPEAL)
    return {**copy, "ladders": _ladders(appeal)}


@require_safe
def appeal_json(request):
    """The appeal's copy and ladders: public and the same for everyone, so
    it caches like the reader page, and admin edits show within a minute."""
    data = {
        **current_appeal(),
        "symbols": {c: plans.SYMBOLS.get(c, c) for c in plans.currencies()},
        "currencies": plans.currencies(),
        "default_currency": plans.currencies()[0],
        "frequencies": [{"value": v, "label": label} for v, label in Frequency.choices],
        "default_frequency": Frequency.MONTHLY,
        "support_url": reverse("membership:support"),
        "test_mode": gateway.test_mode(),
    }
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _urls(request, kind):
    done = settings.SITE_URL + reverse("membership:checkout_done") + f"?kind={kind}"
    back = settings.SITE_URL + reverse("membership:join" if kind == Kind.PREMIUM else "membership:support")
    return done, back


def _who(request) -> str:
    return str(request.user.pk) if request.user.is_authenticated else request.META.get("REMOTE_ADDR", "")


def _start(request, form, *, kind, frequency, amount, currency):
    if over_limit("membership-checkout", _who(request), limit=10, per_seconds=600):
        form.add_error(None, gettext("Too many attempts in a short time. Please wait a few minutes and try again."))
        return None
    done, back = _urls(request, kind)
    try:
        return actions.start_checkout(
            user=request.user,
            kind=kind,
            frequency=frequency,
            amount=amount,
            currency=currency,
            nonce=form.cleaned_data["nonce"],
            success_url=done,
            cancel_url=back,
        )
    except gateway.StripeError:
        form.add_error(
            None, gettext("We could not reach our payment provider. Nothing was charged; please try again shortly.")
        )
        return None


@never_cache
def support(request):
    """Give once, monthly or yearly. GET with ?amount=&currency=&frequency= (the
    appeal's form) shows the choice ready to confirm; POST starts checkout."""
    appeal = current_appeal()
    if request.method == "POST":
        form = GiftForm(request.POST)
        if form.is_valid():
            url = _start(
                request,
                form,
                kind=Kind.DONATION,
                frequency=form.cleaned_data["frequency"],
                amount=form.amount_minor(),
                currency=form.cleaned_data["currency"],
            )
            if url:
                return HttpResponseRedirect(url)
    else:
        initial = {"currency": plans.currencies()[0], "frequency": Frequency.MONTHLY, "nonce": secrets.token_hex(16)}
        ladder = appeal["ladders"][initial["currency"]]
        initial["amount"] = next(s["amount"] for s in ladder if s["default"])
        data = {**initial, **{k: request.GET[k] for k in ("amount", "currency", "frequency") if k in request.GET}}
        form = GiftForm(data) if request.GET else GiftForm(initial=initial)
        if request.GET:
            form.is_valid()  # show problems with a hand-edited link at once
    reminder_form = ReminderForm(today=timezone.localdate()) if request.user.is_authenticated else None
    return render(
        request,
        "membership/support.html",
        {
            "form": form,
            "appeal": appeal,
            "test_mode": gateway.test_mode(),
            "symbols": plans.SYMBOLS,
            "reminder_form": reminder_form,
        },
    )


@never_cache
def join(request):
    state = member_state(request.user)
    prices = {
        c: {i: plans.money(a, c) for i, a in p.items()}
        for c, p in plans.PREMIUM_PRICES.items()
        if c in plans.currencies()
    }
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("membership:join"))
        form = JoinForm(request.POST)
        if state.has_premium:
            messages.info(request, gettext("You are already a Premium member."))
            return redirect("membership:account")
        if form.is_valid():
            plan = form.cleaned_data["plan"]
            currency = form.cleaned_data["currency"]
            amount = plans.PREMIUM_PRICES[currency]["year" if plan == Frequency.ANNUAL else "month"]
            url = _start(request, form, kind=Kind.PREMIUM, frequency=plan, amount=amount, currency=currency)
            if url:
                return HttpResponseRedirect(url)
    else:
        form = JoinForm(
            initial={"plan": Frequency.MONTHLY, "currency": plans.currencies()[0], "nonce": secrets.token_hex(16)}
        )
    return render(
        request,
        "membership/join.html",
        {
            "form": form,
            "state": state,
            "prices": prices,
            "perks": plans.PREMIUM_PERKS,
            "test_mode": gateway.test_mode(),
        },
    )


@never_cache
@require_safe
def checkout_done(request):
    """Where Checkout sends the reader back. It grants nothing: access comes
    from the webhook, so this page only says what we know so far."""
    kind = request.GET.get("kind", "")
    state = member_state(request.user)
    waiting = kind == Kind.PREMIUM and not state.has_premium
    return render(request, "membership/checkout_done.html", {"kind": kind, "state": state, "waiting": waiting})


@require_POST
def bookmark(request):
    """Save or remove a story (or one post). JSON for the reader page's script;
    a redirect back for a plain form post."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        return JsonResponse({"error": gettext("Sign in to save stories.")}, status=401)
    form = BookmarkForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": gettext("That story could not be found."), "fields": form.errors}, status=400)
    blog = LiveBlog.objects.public().filter(slug=form.cleaned_data["blog"]).first()
    if blog is None:
        return JsonResponse({"error": gettext("That story could not be found.")}, status=404)
    post = None
    if form.cleaned_data["post"]:
        post = Post.objects.visible().filter(blog=blog, pk=form.cleaned_data["post"]).first()
        if post is None:
            return JsonResponse({"error": gettext("That update could not be found.")}, status=404)
    if over_limit("membership-bookmark", str(request.user.pk), limit=120, per_seconds=600):
        return JsonResponse({"error": gettext("Too many saves in a short time. Please wait a little.")}, status=429)
    if form.cleaned_data["action"] == "remove":
        actions.remove_bookmark(user=request.user, blog=blog, post=post)
        saved = False
    else:
        try:
            actions.save_bookmark(user=request.user, blog=blog, post=post)
        except actions.NotAllowed as exc:
            return JsonResponse({"error": str(exc), "join_url": reverse("membership:join")}, status=403)
        saved = True
    if wants_json:
        return JsonResponse({"saved": saved, "blog": blog.slug, "post": post.pk if post else None})
    messages.success(request, gettext("Saved for later.") if saved else gettext("Removed from your saved stories."))
    return redirect("membership:saved")


@login_required
@never_cache
@require_safe
def saved(request):
    """Saved stories, newest first, each with its live/ended state and how many
    updates were published after it was saved (one query for all of them)."""
    bookmarks = (
        Bookmark.objects.filter(user=request.user)
        .select_related("blog", "post")
        .annotate(
            new_updates=Count(
                "blog__posts",
                filter=Q(
                    blog__posts__published_at__gt=F("created_at"),
                    blog__posts__deleted_at__isnull=True,
                ),
            )
        )[:500]
    )
    state = member_state(request.user)
    return render(request, "membership/saved.html", {"bookmarks": bookmarks, "state": state})

