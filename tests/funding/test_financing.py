"""The binding plan of a decision fits the line's financing type, to the cent (hand-computed cases)."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from funding.financing import approved_plan
from funding.models import FundingLine

FinancingType = FundingLine.FinancingType


def application(kind, costs, requested, own="0.00", volunteer="0.00", third="0.00", public="0.00"):
    app = SimpleNamespace(
        line=SimpleNamespace(financing_type=kind), requested_amount=D(requested), own_funds=D(own),
        volunteer_work=D(volunteer), third_party_funds=D(third), other_public_funds=D(public),
    )
    return app, [SimpleNamespace(amount=D(amount)) for amount in costs]


def approved(plan):
    return [row.approved for row in plan.rows]


def test_a_share_keeps_its_rate_and_lowers_the_eligible_costs():
    app, lines = application(FinancingType.SHARE, ["6000.00", "4000.00"], "8000.00", own="2000.00")
    full = approved_plan(app, D("8000.00"), lines)
    assert (full.eligible_costs, full.rate, full.reduced, full.total) == (D("10000.00"), D("80.00"), False, D("10000.00"))
    partial = approved_plan(app, D("6400.00"), lines)
    assert (partial.eligible_costs, partial.rate, partial.cost_reduction) == (D("8000.00"), D("80.00"), D("2000.00"))
    assert approved(partial) == [D("1600.00"), D("0.00"), D("0.00"), D("0.00")]
    assert partial.total == partial.eligible_costs


def test_a_share_puts_the_rounding_cent_on_the_own_funds():
    app, lines = application(FinancingType.SHARE, ["1000.00"], "333.33", own="666.67")
    plan = approved_plan(app, D("250.00"), lines)
    # 250 × 1000 / 333.33 = 750.0075 → 750.01; own share 750.01 − 250.00
    assert (plan.eligible_costs, approved(plan)[0], plan.rate) == (D("750.01"), D("500.01"), D("33.33"))
    assert plan.total == plan.eligible_costs


def test_a_deficit_grant_keeps_the_other_funds_and_lowers_the_costs_by_the_cut():
    app, lines = application(FinancingType.DEFICIT, ["10000.00"], "8000.00", own="1500.00", third="500.00")
    plan = approved_plan(app, D("7000.00"), lines)
    assert (plan.eligible_costs, approved(plan)) == (D("9000.00"), [D("1500.00"), D("0.00"), D("500.00"), D("0.00")])
    assert plan.total == D("9000.00")


def test_full_financing_requires_no_own_share():
    # The case from the legal review: 9.100 € costs with 4.100 € own funds in a Vollfinanzierung line.
    app, lines = application(FinancingType.FULL, ["9100.00"], "5000.00", own="4100.00")
    plan = approved_plan(app, D("4000.00"), lines)
    assert approved(plan) == [D("0.00")] * 4
    assert plan.rows[0].note == "kein Eigenanteil verlangt"
    assert (plan.eligible_costs, plan.total, plan.rate) == (D("4000.00"), D("4000.00"), D("100.00"))


def test_a_fixed_amount_keeps_the_costs_and_the_recipient_covers_the_rest():
    app, lines = application(FinancingType.FIXED, ["10000.00"], "8000.00", own="2000.00")
    plan = approved_plan(app, D("7000.00"), lines)
    assert (plan.eligible_costs, approved(plan)[0], plan.total) == (D("10000.00"), D("3000.00"), D("10000.00"))


@pytest.mark.parametrize("kind", list(FinancingType))
def test_every_plan_balances(kind):
    app, lines = application(kind, ["3333.33", "1234.56"], "3000.00", own="1000.00", volunteer="267.89", third="300.00")
    for grant in (D("3000.00"), D("2999.99"), D("1234.57")):
        plan = approved_plan(app, grant, lines)
        assert plan.total == plan.eligible_costs
        assert plan.grant == grant
