"""The money after approval kept by the money services (``FlowCell``) equals the live aggregation for every filter.

The sequence of ``tests.reports.test_flow.reconciled`` (final payment
booked, a refund heard, decided and partly repaid, an amendment) in one
call and seat, and in a second call with organisations in Greven and
Rheine: two drawdowns booked in a payment run, a Schlusszahlung released
but not booked, a hearing on a refund still open, a Zinsbescheid for late
use decided and partly paid, and a second interest claim only proposed.
"""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.http import QueryDict
from django.utils import timezone

from funding import summary, summary_flow
from funding.models import (
    Application,
    Drawdown,
    FlowCell,
    FlowEntry,
    Payment,
    Receipt,
    Recovery,
    Repayment,
    ReportEntry,
)
from funding.services import interest_claims, payment_runs, payments, proofs, recoveries
from funding.workflow import FUNDED_STATES
from reports import cells
from reports.figures import report_figures
from reports.filters import report_filter
from reports.flow import Flow, kept_flow, money_flow
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    LineFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    municipality,
    standing_documents,
)
from tests.funding import steps
from tests.funding.test_audit import NOTE, submitted_proof
from tests.funding.test_interest_claims import ANSWER, REASONS, heard
from tests.reports.test_flow import reconciled  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
HEARING = {"legal_basis": "49_3_1", "reasons": "Die Ausgaben lagen unter dem Plan.", "deadline": TODAY + timedelta(days=14)}


def _application(line, user, seat="Rheine"):
    org = OrganisationFactory(municipality=municipality(seat))
    standing_documents(org)
    MembershipFactory(user=user, organisation=org)
    return ApplicationFactory(organisation=org, line=line, created_by=user)


def _late_use_claim(app, alice, rita, anton, finn):
    """5.000 € paid on 01.03.2027, spent on 15.06.2027: an interest claim proposed (as in test_interest_claims)."""
    app = steps.approved(app, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "5000.00", paid_on=date(2027, 3, 1))
    proof = proofs.proof_for(app)
    Receipt.objects.create(proof=proof, date=date(2027, 6, 15), payee="B", purpose="Miete", amount=Decimal("6250.00"))
    due = TODAY + timedelta(days=30)
    return interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due)


@pytest.fixture
def moved(reconciled, alice, rita, anton, finn):  # noqa: F811 - the imported fixture
    second = LineFactory(name="Zweite Linie")
    run_file = steps.with_bank_details(steps.approved(_application(second, alice, "Greven"), alice, rita, anton))
    for amount in ("1500.00", "2500.50"):
        drawdown = payments.drawdown_request(application=run_file, user=alice, amount=Decimal(amount), purpose="Miete")
        payments.drawdown_release(drawdown=drawdown, user=rita)
    run = payment_runs.payment_run_create(user=finn, execution_date=TODAY + timedelta(days=2))
    payment_runs.payment_run_book(run=run, user=finn)

    open_final = submitted_proof(_application(second, alice, "Greven"), alice, rita, anton, finn, paid="4000.00",
                                 income="1400.00")
    proofs.proof_accept(application=open_final, user=rita, note=NOTE)  # Schlusszahlung released, not booked
    heard_file = submitted_proof(_application(second, alice), alice, rita, anton, finn, income="1400.00")
    proofs.proof_accept(application=heard_file, user=rita, note=NOTE, hearing=HEARING)  # hearing still open

    claim = _late_use_claim(_application(second, alice, "Greven"), alice, rita, anton, finn)
    claim = interest_claims.interest_claim_decide(claim=heard(claim, rita, ANSWER), user=anton, reasons=REASONS)
    interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=TODAY, amount=Decimal("50.00"))
    _late_use_claim(_application(second, alice), alice, rita, anton, finn)  # proposed only: no interest claimed yet

    steps.submitted(_application(second, alice, "Greven"), alice)  # no money: no entry, no cell
    return SimpleNamespace(first=reconciled, second=second, greven=municipality("Greven").pk,
                           rheine=municipality("Rheine").pk, claim=claim)


QUERIES = ["", "call={first.call_id}", "call={second.call_id}", "line={first.pk}", "line={second.pk}",
           "municipality={greven}", "municipality={rheine}", "call={second.call_id}&municipality={greven}",
           "line={first.pk}&municipality={rheine}", "line={first.pk}&municipality={greven}",
           f"date_from={TODAY:%Y-%m-%d}"]


def _report(query, moved, user=None):
    report = report_filter(QueryDict(query.format(**vars(moved))), user)
    assert report.is_valid(), report.errors
    return report


def _assert_kept_equals_live(moved):
    for query in QUERIES:
        report = _report(query, moved)
        assert kept_flow(cells.flow_cells(report)) == money_flow(report.qs), query
        assert report_figures(report).flow == report_figures(report, live=True).flow, query
    assert summary_flow.stored_cells() == summary.computed_flow_cells()


def _second(moved):
    return kept_flow(cells.flow_cells(_report("line={second.pk}", moved)))[moved.second.pk]


def test_kept_flow_equals_the_live_aggregation_for_every_filter(moved, rita):
    """One fixture for every filter (building it takes seconds: letters are typeset)."""
    _assert_kept_equals_live(moved)
    second = _second(moved)
    # Run 4.000,50 + two files paid 4.000 and 8.000 + two late-use files 5.000 each; the open Schlusszahlung
    # (5.600 settled − 4.000 paid) and the hearing on the refund (8.000 paid − 5.600 settled) of two of them.
    assert second.paid == Decimal("26000.50") and second.final_payments == 0
    assert (second.final_payments_open, second.in_hearing) == (Decimal("1600.00"), Decimal("2400.00"))
    assert (second.settled_files, second.settled, second.difference) == (2, Decimal("11200.00"), 0)
    # Only the decided claim counts; its repayment is interest only.
    assert (second.interest_claimed, second.interest_received, second.repaid) == (
        moved.claim.interest_amount, Decimal("50.00"), 0)
    assert second.funded == 5
    greven = kept_flow(cells.flow_cells(_report("municipality={greven}", moved)))
    assert set(greven) == {moved.second.pk} and greven[moved.second.pk].funded == 3
    assert FlowEntry.objects.count() == 8  # every funded file; the submitted one has nothing to count

    # The user's authorities only.
    from funding import roles

    stranger = UserFactory(username="fremd", roles=[roles.REVIEWER], roles__authority=AuthorityFactory(name="Kreis Borken"))
    assert kept_flow(cells.flow_cells(_report("", moved, stranger))) == {}
    assert report_figures(_report("", moved, stranger)).flow.total == Flow()
    mine = _report("", moved, rita)
    assert kept_flow(cells.flow_cells(mine)) == money_flow(mine.qs) == money_flow(_report("", moved).qs)

    # Rebuilding gives the kept cells, and repairs cells changed past the services.
    kept = summary_flow.stored_cells()
    FlowCell.objects.update(paid=0)
    call_command("rebuild_summary", verbosity=0)
    assert summary_flow.stored_cells() == kept


def test_booking_the_final_payment_and_deciding_the_recovery_keep_them_equal(moved, rita, finn):
    final = Drawdown.objects.get(kind=Drawdown.Kind.FINAL, status=Drawdown.Status.RELEASED)
    payments.drawdown_book(drawdown=final, user=finn, paid_on=TODAY, reference="SZ-2")
    app = moved.second.applications.get(state="hearing")
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=TODAY)
    recoveries.recovery_decide(application=app, user=rita, refund=Decimal("2400.00"), legal_basis="49_3_1",
                               reasons="Die Ausgaben lagen unter dem Plan.", effective_date=TODAY,
                               due_date=TODAY + timedelta(days=30))
    second = _second(moved)
    assert (second.final_payments_open, second.final_payments, second.in_hearing) == (0, Decimal("1600.00"), 0)
    assert (second.recovered_settled, second.difference) == (Decimal("2400.00"), 0)
    _assert_kept_equals_live(moved)


def _grant_sums():
    """{file reference: (approved, recovered, net, paid, repaid)} of the grants list."""
    from reports.exports import GRANTS, export_records

    return {row["file_reference"]: (row["approved"], row["recovered"], row["net"], row["paid"], row["repaid"])
            for row in export_records(GRANTS, Application.objects.all())}


def _live_grant_sums():
    """The same, summed from the payments, recoveries and repayments now."""
    def sums(model, column):
        rows = model.objects.values("application").annotate(total=Sum(column)).values_list("application", "total")
        return dict(rows)

    paid, recovered = sums(Payment, "amount"), sums(Recovery, "amount")
    repaid = sums(Repayment, "principal_part")
    result = {}
    for app in Application.objects.filter(state__in=FUNDED_STATES):
        approved, back = app.approved_amount, recovered.get(app.pk, Decimal("0.00"))
        result[app.file_reference] = (approved, back, (approved or 0) - back, paid.get(app.pk, Decimal("0.00")),
                                      repaid.get(app.pk, Decimal("0.00")))
    return result


def test_the_grants_list_reads_the_sums_the_money_steps_keep(moved, rita, finn):
    """Paid, recovered and repaid per application come from ``ReportEntry``: equal to the live sums at every step."""
    assert _grant_sums() == _live_grant_sums()
    assert sum(row[3] for row in _grant_sums().values()) > 0 and any(row[4] for row in _grant_sums().values())
    final = Drawdown.objects.get(kind=Drawdown.Kind.FINAL, status=Drawdown.Status.RELEASED)
    payments.drawdown_book(drawdown=final, user=finn, paid_on=TODAY, reference="SZ-2")
    assert _grant_sums() == _live_grant_sums()
    app = moved.second.applications.get(state="hearing")
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=TODAY)
    app = recoveries.recovery_decide(application=app, user=rita, refund=Decimal("2400.00"), legal_basis="49_3_1",
                                     reasons="Die Ausgaben lagen unter dem Plan.", effective_date=TODAY,
                                     due_date=TODAY + timedelta(days=30))
    assert _grant_sums()[app.file_reference][1:3] == (Decimal("2400.00"), app.approved_amount - Decimal("2400.00"))
    recoveries.repayment_record(application=app, user=finn, received_on=TODAY, amount=Decimal("400.00"))
    assert _grant_sums()[app.file_reference][4] == Decimal("400.00")
    assert _grant_sums() == _live_grant_sums()

    # A rebuild gives the same sums, and repairs sums changed past the services.
    kept = _grant_sums()
    ReportEntry.objects.update(paid=0, recovered=0, repaid=0)
    assert _grant_sums() != kept
    call_command("rebuild_summary", verbosity=0)
    assert _grant_sums() == kept == _live_grant_sums()
