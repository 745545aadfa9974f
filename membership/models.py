"""Reader revenue: Stripe's objects as we last saw them (customers,
subscriptions, payments, events), a member's Premium state, bookmarks, the
support appeal's copy, contribution reminders and the audit of hand grants.

Stripe is the source of truth for money. Rows here are mirrors written only
by the webhook job (membership/actions.py), never by a success redirect."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liveblogs.models import LiveBlog, Post


class Kind(models.TextChoices):
    PREMIUM = "premium", _("Premium")
    DONATION = "donation", _("Donation")


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", _("One-off")
    MONTHLY = "monthly", _("Monthly")
    ANNUAL = "annual", _("Annual")


INTERVAL_OF = {Frequency.MONTHLY: "month", Frequency.ANNUAL: "year"}
FREQUENCY_OF_INTERVAL = {"month": Frequency.MONTHLY, "year": Frequency.ANNUAL}

# Stripe subscription states that give access, and the one that gives access
# only during the grace period after a failed renewal.
ACTIVE_STATES = ("active", "trialing")
GRACE_STATE = "past_due"


class Membership(models.Model):
    """One per reader who has ever paid or been granted Premium."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    stripe_customer_id = models.CharField(max_length=255, blank=True, db_index=True)
    # A hand grant by an admin (audited in GrantAudit), independent of Stripe.
    granted_until = models.DateTimeField(null=True, blank=True)
    # A disputed charge suspends Premium until someone in the newsroom clears it.
    dispute_hold = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"Membership of {self.user}"


class SubscriptionQuerySet(models.QuerySet):
    def premium(self):
        return self.filter(kind=Kind.PREMIUM)

    def donations(self):
        return self.filter(kind=Kind.DONATION)

    def paying(self):
        """Subscriptions that bring in money now: active, or in their grace period."""
        return self.filter(Q(status__in=ACTIVE_STATES) | Q(status=GRACE_STATE))


# What Stripe's subscription statuses mean to the reader who pays.
STRIPE_STATUS_LABELS = {
    "active": _("Active"),
    "trialing": _("Trial"),
    "past_due": _("Payment overdue"),
    "unpaid": _("Unpaid"),
    "canceled": _("Cancelled"),
    "incomplete": _("Waiting for the first payment"),
    "incomplete_expired": _("Expired before the first payment"),
    "paused": _("Paused"),
}


class Subscription(models.Model):
    """A Stripe subscription as last fetched from Stripe (or from test mode)."""

    stripe_id = models.CharField(max_length=255, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="subscriptions"
    )
    customer_id = models.CharField(max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=24)
    amount = models.PositiveIntegerField(help_text=_("In the currency's minor unit (pence, cents)."))
    currency = models.CharField(max_length=3)
    interval = models.CharField(max_length=5, help_text="month or year")
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # When a renewal failed: access lasts MEMBERSHIP_GRACE_DAYS from here.
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    synced_at = models.DateTimeField(default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.stripe_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return STRIPE_STATUS_LABELS.get(self.status, self.status)

    @property
    def grace_until(self):
        if self.status != GRACE_STATE or not self.payment_failed_at:
            return None
        return self.payment_failed_at + timedelta(days=settings.MEMBERSHIP_GRACE_DAYS)

    def gives_access(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status in ACTIVE_STATES:
            return True
        grace = self.grace_until
        return grace is not None and now < grace

class PaymentQuerySet(models.QuerySet):
    def donations(self):
        return self.filter(kind=Kind.DONATION)

    def counted(self):
        """Money the newsroom kept: not refunded in full."""
        return self.exclude(status=Payment.Status.REFUNDED)


class Payment(models.Model):
    """One paid invoice or one-off payment: donation history and receipts."""

    class Status(models.TextChoices):
        PAID = "paid", _("Paid")
        REFUNDED = "refunded", _("Refunded")
        PARTLY_REFUNDED = "partly_refunded", _("Partly refunded")
        DISPUTED = "disputed", _("Disputed")

    # The invoice id for subscriptions, the payment intent for one-off gifts.
    stripe_id = models.CharField(max_length=255, unique=True)
    payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    amount = models.PositiveIntegerField(help_text=_("In the currency's minor unit."))
    amount_refunded = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PAID)
    receipt_url = models.URLField(max_length=500, blank=True)
    paid_at = models.DateTimeField(default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["kind", "paid_at"])]
        ordering = ["-paid_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount / 100:.2f} {self.currency}"


class StripeEvent(models.Model):
    """Each webhook event id, recorded once: a replay finds its row and stops."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=64)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    payload = models.JSONField()
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Failed applications so far; the job retries with growing pauses (tasks.py).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class Bookmark(models.Model):
    """A story (or one post in it) a member saved for later."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    blog = models.ForeignKey(LiveBlog, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("saved story")
        verbose_name_plural = _("saved stories")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "blog"], condition=Q(post__isnull=True), name="one_story_bookmark"),
            models.UniqueConstraint(fields=["user", "post"], condition=Q(post__isnull=False), name="one_post_bookmark"),
        ]

    def __str__(self):
        return f"{self.user} saved {self.post or self.blog}"


class Appeal(models.Model):
    """The support appeal's copy, edited in the admin. The newest active one is shown."""

    title = models.CharField(max_length=120)
    body = models.TextField(max_length=600, help_text=_("Plain text, a few sentences."))
    button_label = models.CharField(max_length=40, default="Support us")
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title


class AppealAmount(models.Model):
    """One step on the amount ladder for one currency."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="amounts")
    currency = models.CharField(max_length=3)
    amount = models.PositiveIntegerField(help_text=_("Whole units (pounds, euros, dollars)."))
    is_default = models.BooleanField(default=False, help_text=_("Highlighted and chosen first."))

    class Meta:
        verbose_name = _("appeal amount")
        verbose_name_plural = _("appeal amounts")
        ordering = ["currency", "amount"]
        constraints = [models.UniqueConstraint(fields=["appeal", "currency", "amount"], name="one_step_per_amount")]

    def __str__(self):
        return f"{self.amount} {self.currency}"


class Reminder(models.Model):
    """"Remind me in <month>": a job emails the reader at the start of that month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contribution_reminders")
    remind_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["remind_on"]

    def __str__(self):
        return f"Remind {self.user} on {self.remind_on}"


class GrantAudit(models.Model):
    """Who granted or revoked Premium by hand, when and why."""

    class Action(models.TextChoices):
        GRANT = "grant", _("Granted Premium")
        REVOKE = "revoke", _("Revoked Premium")
        CLEAR_DISPUTE = "clear_dispute", _("Cleared a dispute hold")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    until = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Premium grant record")
        verbose_name_plural = _("Premium grant records")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} for {self.member} by {self.actor}"


# Test mode's stand-in for Stripe's own records (membership/testmode.py): what
# Stripe would hold for a checkout session and a subscription, so the same
# webhook job can fetch "the subscription" whichever side holds it.


class LocalCheckoutSession(models.Model):
    session_id = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    mode = models.CharField(max_length=12)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    frequency = models.CharField(max_length=8, choices=Frequency.choices)
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    email = models.EmailField(blank=True)
    success_url = models.CharField(max_length=500)
    cancel_url = models.CharField(max_length=500)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("local checkout session")
        verbose_name_plural = _("local checkout sessions")


class LocalSubscription(models.Model):
    subscription_id = models.CharField(max_length=64, unique=True)
    customer_id = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=24, default="active")
    amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    interval = models.CharField(max_length=5)
    current_period_start = models.DateTimeField()
    current_period_end = models.DateTimeField()
    cancel_at_period_end = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("local subscription")
        verbose_name_plural = _("local subscriptions")

    @property
    def status_label(self) -> str:
        return STRIPE_STATUS_LABELS.get(self.status, self.status)
