"""Interest on recovered grants (§ 49a Abs. 3 VwVfG).

The claim bears interest at five percentage points above the base rate
(§ 247 BGB) per year, counted in days from the date the grant became
repayable. Days are counted exactly and the year has 365 days.
"""

from decimal import ROUND_HALF_UP, Decimal

SURCHARGE_POINTS = Decimal("5.00")
CENT = Decimal("0.01")


def recovery_interest_rate(base_rate_percent):
    """Yearly rate in percent: base rate plus five points."""
    return (Decimal(base_rate_percent) + SURCHARGE_POINTS).quantize(CENT)


def recovery_interest(amount, rate_percent, since, until):
    """Interest in euro for ``amount`` at ``rate_percent`` p.a. from ``since`` to ``until``."""
    days = max((until - since).days, 0)
    interest = Decimal(amount) * Decimal(rate_percent) / Decimal(100) * Decimal(days) / Decimal(365)
    return interest.quantize(CENT, rounding=ROUND_HALF_UP)


def daily_interest(amount, rate_percent):
    """Interest for one day, for the letter's "each further day" sentence."""
    return (Decimal(amount) * Decimal(rate_percent) / Decimal(100) / Decimal(365)).quantize(CENT, rounding=ROUND_HALF_UP)
