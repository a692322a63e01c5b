"""Festsetzung by financing type: one function, a table of hand-computed cases."""

from decimal import Decimal

import pytest

from funding.settlement import DEFICIT, FIXED, FULL, SHARE, Outcome, settle_grant, settlement_for

D = Decimal

CASES = [
    # (case, type, approved, planned costs, recognised expenditure, other income actual, expected final grant)
    # Anteilfinanzierung: rate × expenditure. 8.000 / 10.000 = 80 %; 80 % × 9.000 = 7.200.
    ("share, less spent", SHARE, "8000.00", "10000.00", "9000.00", "1800.00", "7200.00"),
    ("share, all spent", SHARE, "8000.00", "10000.00", "10000.00", "2000.00", "8000.00"),
    # More spent than planned: never above the approved amount.
    ("share, more spent", SHARE, "8000.00", "10000.00", "11000.00", "2000.00", "8000.00"),
    # Rounded down to the cent: 8.000 × 3.333,33 / 9.999 = 2.666,9326… → 2.666,93.
    ("share, odd rate", SHARE, "8000.00", "9999.00", "3333.33", "0.00", "2666.93"),
    # More third-party income (ANBest-P Nr. 2): 9.000 spent, 2.500 other income → deficit 6.500 < 80 % × 9.000.
    ("share, more income", SHARE, "8000.00", "10000.00", "9000.00", "2500.00", "6500.00"),
    # Fehlbedarfsfinanzierung: expenditure − own and third-party income. 9.500 − 2.000 − 1.000 = 6.500.
    ("deficit, less spent", DEFICIT, "7000.00", "10000.00", "9500.00", "3000.00", "6500.00"),
    ("deficit, at most approved", DEFICIT, "7000.00", "10000.00", "10500.00", "3000.00", "7000.00"),
    ("deficit, covered by income", DEFICIT, "7000.00", "10000.00", "2500.00", "3000.00", "0.00"),
    # Vollfinanzierung: expenditure − other income. 4.600 − 100 = 4.500.
    ("full, less spent", FULL, "5000.00", "5000.00", "4600.00", "100.00", "4500.00"),
    ("full, all spent", FULL, "5000.00", "5000.00", "5000.00", "0.00", "5000.00"),
    # Festbetragsfinanzierung: the fixed amount, lowered only where the expenditure falls below it.
    ("fixed, more spent", FIXED, "3000.00", "8000.00", "6000.00", "3000.00", "3000.00"),
    ("fixed, below the amount", FIXED, "3000.00", "8000.00", "2750.50", "0.00", "2750.50"),
    ("fixed, income does not lower", FIXED, "3000.00", "8000.00", "8000.00", "6000.00", "3000.00"),
]


@pytest.mark.parametrize("case,kind,approved,planned,spent,income,expected", CASES, ids=[c[0] for c in CASES])
def test_it_settles_the_final_grant(case, kind, approved, planned, spent, income, expected):
    grant = settle_grant(financing_type=kind, approved=D(approved), planned_costs=D(planned), expenditure=D(spent), other_income=D(income))
    assert grant == D(expected)
    assert D("0.00") <= grant <= D(approved)


@pytest.mark.parametrize(
    "paid,outcome,final_payment,refund",
    [("7200.00", Outcome.NOTHING_OWED, "0.00", "0.00"), ("4000.00", Outcome.FINAL_PAYMENT, "3200.00", "0.00"),
     ("8000.00", Outcome.REFUND, "0.00", "800.00")],
)
def test_it_tells_what_is_owed_either_way(paid, outcome, final_payment, refund):
    settlement = settlement_for(
        financing_type=SHARE, approved=D("8000.00"), planned_costs=D("10000.00"), expenditure=D("9000.00"),
        other_income=D("1800.00"), paid=D(paid),
    )
    assert settlement.final_grant == D("7200.00")
    assert (settlement.outcome, settlement.final_payment, settlement.refund) == (outcome, D(final_payment), D(refund))


def test_it_refuses_an_unknown_financing_type():
    with pytest.raises(ValueError):
        settle_grant(financing_type="gift", approved=D(1), planned_costs=D(1), expenditure=D(1), other_income=D(0))
