"""Every field readers send, validated here."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from membership import plans
from membership.models import Frequency


def _currency_choices():
    return [(c, c) for c in plans.currencies()]


class GiftForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=Decimal(plans.MIN_DONATION),
        max_value=Decimal(plans.MAX_DONATION),
        max_digits=7,
        decimal_places=2,
        error_messages={
            "min_value": format_lazy(_("The smallest gift we can take is {amount}."), amount=plans.MIN_DONATION),
            "max_value": format_lazy(
                _("For gifts over {amount}, please contact the newsroom."), amount=f"{plans.MAX_DONATION:,}"
            ),
        },
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=_currency_choices)
    frequency = forms.ChoiceField(choices=Frequency.choices, initial=Frequency.MONTHLY, widget=forms.RadioSelect)
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def amount_minor(self) -> int:
        return int(self.cleaned_data["amount"] * 100)


class JoinForm(forms.Form):
    plan = forms.ChoiceField(
        label=_("Plan"),
        choices=[(Frequency.MONTHLY, _("Monthly")), (Frequency.ANNUAL, _("Annual"))],
        initial=Frequency.MONTHLY,
        widget=forms.RadioSelect,
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=_currency_choices)
    nonce = forms.CharField(max_length=64, widget=forms.HiddenInput)


class BookmarkForm(forms.Form):
    blog = forms.SlugField(max_length=120)
    post = forms.IntegerField(min_value=1, required=False)
    action = forms.ChoiceField(choices=[("save", _("Save")), ("remove", _("Remove"))], initial="save", required=False)


def month_choices(today: date, count: int = 12) -> list[tuple[str, str]]:
    out = []
    year, month = today.year, today.month
    for _step in range(count):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        d = date(year, month, 1)
        out.append((d.isoformat(), date_format(d, "F Y")))
    return out


class ReminderForm(forms.Form):
    month = forms.ChoiceField(label=_("Remind me in"), choices=[])

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = month_choices(today)

    def month_date(self) -> date:
        return date.fromisoformat(self.cleaned_data["month"])


class GrantForm(forms.Form):
    """The admin's hand grant."""

    months = forms.IntegerField(
        label=_("Months"), min_value=1, max_value=60, initial=12, help_text=_("How many months of Premium.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, help_text=_("Why (kept in the audit log)."))
