"""What readers can buy: Premium's prices per currency and the currencies we take.

Amounts are in the currency's minor unit. Premium is charged with inline
prices (Checkout's price_data), so going live needs no products set up by
hand in the Stripe dashboard; change the figures here."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

PREMIUM_PRICES = {
    "GBP": {"month": 500, "year": 5000},
    "EUR": {"month": 600, "year": 6000},
    "USD": {"month": 700, "year": 7000},
}

PREMIUM_PERKS = [
    _("Save stories and single updates for later, on any device"),
    _("A Saved page that shows what is new since you saved"),
    _("Fewer requests for support"),
]

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}

# Stripe's minimum charge is about 0.50 in these currencies; a ceiling keeps a
# mistyped amount from becoming a very expensive mistake.
MIN_DONATION = 1
MAX_DONATION = 10_000


def currencies() -> list[str]:
    return [c for c in settings.MEMBERSHIP_CURRENCIES if c in PREMIUM_PRICES]


def money(amount_minor: int | float, currency: str) -> str:
    symbol = SYMBOLS.get(currency.upper(), "")
    value = amount_minor / 100
    # Grouping and decimal marks of the active language: £1,234.50, £1.234,50.
    text = number_format(value, decimal_pos=0 if value == int(value) else 2, force_grouping=True)
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"
