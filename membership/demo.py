"""Demo content for membership (run by `manage.py load_demo` after the blogs):
the appeal's copy and ladders, a Premium member with a saved story, and a
month of made-up payments so the newsroom reports have something to draw.
Safe to run twice. The site stays in test mode unless Stripe keys are set."""

import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from liveblogs.demo_content import WAR_BLOG
from liveblogs.models import LiveBlog
from membership import actions
from membership.models import Appeal, AppealAmount, Bookmark, Payment, Subscription
from membership.plans import PREMIUM_PRICES

DEMO_PASSWORD = "newsline"

APPEAL = {
    "title": "Live news costs money to make",
    "body": (
        "Reporters on the ground, editors through the night, fact checks before anything goes up: "
        "this coverage is free for everyone because some readers chip in. If you can, join them."
    ),
    "button_label": "Support us",
}
LADDERS = {"GBP": (3, 7, 15, 40), "EUR": (4, 8, 18, 45), "USD": (4, 9, 20, 50)}
DEFAULT_STEP = 1  # the second step is highlighted


def _appeal(stdout):
    if Appeal.objects.exists():
        return
    appeal = Appeal.objects.create(**APPEAL)
    for currency, steps in LADDERS.items():
        for i, amount in enumerate(steps):
            AppealAmount.objects.create(appeal=appeal, currency=currency, amount=amount, is_default=i == DEFAULT_STEP)
    stdout.write("  membership: the support appeal and its amount ladders")


def _member(stdout):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="member", defaults={"email": "member@example.org"})
    user.email = "member@example.org"
    user.display_name = "Maya Member"
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    actions.grant_premium(member=user, by=None, until=timezone.now() + timedelta(days=365), note="Demo member")
    blog = LiveBlog.objects.public().filter(slug=WAR_BLOG["slug"]).first()
    blog = blog or LiveBlog.objects.public().order_by("-last_activity_at").first()
    if blog:
        Bookmark.objects.get_or_create(user=user, blog=blog, post=None)
    stdout.write("  membership: Premium member 'member' (the demo password) with a saved story")


def _figures(stdout):
    """Made-up money for the reports: ids start with demo_ so nobody mistakes them."""
    if Payment.objects.filter(stripe_id__startswith="demo_").exists():
        return
    rng = random.Random(6)
    now = timezone.now()
    for day in range(30):
        for n in range(rng.randint(0, 5)):
            currency = rng.choice(["GBP", "GBP", "EUR", "USD"])
            amount = rng.choice(LADDERS[currency]) * 100
            Payment.objects.create(
                stripe_id=f"demo_pi_{day}_{n}", kind="donation", frequency=rng.choice(["one_off", "monthly", "annual"]),
                amount=amount, currency=currency, paid_at=now - timedelta(days=day, hours=rng.randint(0, 20)),
            )
    for n in range(12):
        currency = rng.choice(["GBP", "EUR", "USD"])
        interval = rng.choice(["month", "month", "year"])
        status = rng.choice(["active"] * 6 + ["past_due", "canceled"])
        Subscription.objects.create(
            stripe_id=f"demo_sub_{n}", kind="premium", status=status, currency=currency, interval=interval,
            amount=PREMIUM_PRICES[currency][interval], started_at=now - timedelta(days=rng.randint(5, 200)),
            ended_at=now - timedelta(days=rng.randint(1, 20)) if status == "canceled" else None,
            current_period_end=now + timedelta(days=rng.randint(1, 28)),
        )
    stdout.write("  membership: a month of made-up payments for the reports (ids start demo_)")


def load(stdout):
    _appeal(stdout)
    _member(stdout)
    _figures(stdout)
