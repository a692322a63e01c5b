"""Festsetzung: the final grant after the proof of use, by the line's financing type.

One function, ``settle_grant``, computes it (tests: a table of cases in
tests/funding/test_settlement.py). ANBest-P Nr. 2 follows from it: lower
eligible expenditure or more other income lower the grant; it is never
above the approved amount and never below 0 €.

- Anteilfinanzierung: the approved rate (approved grant / approved eligible
  costs) × the recognised eligible expenditure, rounded down to the cent so
  the rate is never exceeded; and never more than the expenditure left after
  the other income (no over-financing).
- Fehlbedarfsfinanzierung and Vollfinanzierung: the recognised expenditure
  minus all other income actually received (own funds, volunteer work,
  third-party and other public funds): "um den vollen Betrag" (ANBest-P 2.1).
- Festbetragsfinanzierung: the fixed amount, lowered only where the
  expenditure falls below it.
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# The values of FundingLine.FinancingType (the model imports the workflow, which imports this module).
FULL, SHARE, DEFICIT, FIXED = "full", "share", "deficit", "fixed"


class Outcome(models.TextChoices):
    NOTHING_OWED = "nothing_owed", _("Nichts offen")
    FINAL_PAYMENT = "final_payment", _("Schlusszahlung")
    REFUND = "refund", _("Erstattung")


def settle_grant(*, financing_type, approved, planned_costs, expenditure, other_income):
    """The final grant in euro, between 0 € and ``approved``."""
    approved, expenditure, other_income = Decimal(approved), Decimal(expenditure), Decimal(other_income)
    deficit = expenditure - other_income
    if financing_type == SHARE:
        if planned_costs <= 0:
            grant = ZERO
        else:
            grant = min((approved * expenditure / Decimal(planned_costs)).quantize(CENT, rounding=ROUND_DOWN), deficit)
    elif financing_type in (DEFICIT, FULL):
        grant = deficit
    elif financing_type == FIXED:
        grant = min(approved, expenditure)
    else:
        raise ValueError(f"unknown financing type {financing_type!r}")
    return max(min(grant, approved), ZERO).quantize(CENT)


@dataclass(frozen=True)
class Settlement:
    """The audit's figures: approved, recognised expenditure, other income, final grant, paid, outcome."""

    financing_type: str
    approved: Decimal
    planned_costs: Decimal
    expenditure: Decimal
    other_income: Decimal
    final_grant: Decimal
    paid: Decimal

    @property
    def difference(self):
        """Final grant minus paid: a final payment if positive, a refund if negative."""
        return self.final_grant - self.paid

    @property
    def outcome(self):
        if self.difference > 0:
            return Outcome.FINAL_PAYMENT
        if self.difference < 0:
            return Outcome.REFUND
        return Outcome.NOTHING_OWED

    @property
    def final_payment(self):
        return max(self.difference, ZERO)

    @property
    def refund(self):
        return max(-self.difference, ZERO)


def settlement_for(*, financing_type, approved, planned_costs, expenditure, other_income, paid):
    grant = settle_grant(
        financing_type=financing_type, approved=approved, planned_costs=planned_costs,
        expenditure=expenditure, other_income=other_income,
    )
    return Settlement(financing_type, approved, planned_costs, expenditure, other_income, grant, paid)
