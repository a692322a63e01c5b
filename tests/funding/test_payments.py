"""Drawdowns with four eyes and payment runs, through the services."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from lxml import etree
from openpyxl import load_workbook

from funding import roles
from funding.models import Drawdown, Payment, PaymentRun
from funding.services import payment_runs, payments
from funding.services.transitions import WorkflowError
from funding.workflow import offered_transitions
from tests.factories import UserFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.with_bank_details(steps.approved(application, alice, rita, anton))


def request(app, user, amount="3000.00", purpose="Honorare März und April"):
    return payments.drawdown_request(application=app, user=user, amount=Decimal(amount), purpose=purpose)


def test_it_asks_for_the_planned_use_and_the_two_month_need(approved, alice):
    with pytest.raises(WorkflowError, match="wofür"):
        request(approved, alice, purpose=" ")
    with pytest.raises(WorkflowError, match="zwei Monaten"):
        payments.drawdown_request(application=approved, user=alice, amount=Decimal("10"), purpose="Miete", needed_confirmed=False)
    drawdown = request(approved, alice)
    assert (drawdown.purpose, drawdown.needed_confirmed, drawdown.status) == ("Honorare März und April", True, "requested")


def test_it_releases_then_books_by_two_people(approved, alice, rita, finn):
    drawdown = payments.drawdown_release(drawdown=request(approved, alice), user=rita)
    assert (drawdown.status, drawdown.decided_by) == ("released", rita)
    payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=TODAY, reference="KA-7")
    drawdown.refresh_from_db()
    payment = Payment.objects.get(drawdown=drawdown)
    assert drawdown.status == "paid" and (payment.amount, payment.recorded_by, payment.reference) == (Decimal("3000.00"), finn, "KA-7")


def test_it_never_lets_the_releasing_person_book(approved, alice):
    both = UserFactory(username="beide", roles=[roles.REVIEWER, roles.FINANCE])
    drawdown = payments.drawdown_release(drawdown=request(approved, alice), user=both)
    assert "book_drawdown" not in offered_transitions(drawdown, both)
    with pytest.raises(WorkflowError, match="Vier-Augen"):
        payments.drawdown_book(drawdown=drawdown, user=both, paid_on=TODAY)
    assert not Payment.objects.exists()


def test_it_never_pays_a_rejected_or_unreleased_drawdown(approved, alice, rita, finn):
    unreleased = request(approved, alice, "1000.00")
    rejected = payments.drawdown_reject(drawdown=request(approved, alice, "1000.00"), user=rita, note="Kein Bedarf belegt")
    assert offered_transitions(unreleased, finn) == [] and offered_transitions(rejected, finn) == []
    for drawdown in (unreleased, rejected):
        with pytest.raises(WorkflowError, match="Status"):
            payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=TODAY)
    assert not Payment.objects.exists()


def test_it_wants_a_reason_for_a_rejection_and_a_case_worker_for_a_release(approved, alice, rita, finn):
    drawdown = request(approved, alice)
    with pytest.raises(WorkflowError, match="Begründung"):
        payments.drawdown_reject(drawdown=drawdown, user=rita, note="")
    with pytest.raises(PermissionDenied):
        payments.drawdown_release(drawdown=drawdown, user=finn)
    assert sorted(offered_transitions(drawdown, rita)) == ["reject_drawdown", "release_drawdown"]


def test_it_refuses_to_book_to_unconfirmed_bank_details(approved, alice, rita, finn):
    drawdown = payments.drawdown_release(drawdown=request(approved, alice), user=rita)
    approved.organisation.__class__.objects.filter(pk=approved.organisation_id).update(
        bank_details_pending=True, bank_details_changed_at=timezone.now()
    )
    with pytest.raises(WorkflowError, match="noch nicht bestätigt"):
        payments.drawdown_book(drawdown=drawdown, user=finn, paid_on=TODAY)
    assert list(payment_runs.held_back_drawdowns()) == [drawdown]
    with pytest.raises(WorkflowError, match="keine freigegebenen"):
        payment_runs.payment_run_create(user=finn, execution_date=TODAY)


@pytest.fixture
def run(approved, alice, rita, finn):
    for amount in ("1500.00", "2500.50"):
        payments.drawdown_release(drawdown=request(approved, alice, amount), user=rita)
    return payment_runs.payment_run_create(user=finn, execution_date=TODAY + timedelta(days=2))


def test_it_lists_a_run_with_bank_details_purpose_and_totals(run, approved):
    rows = payment_runs.run_rows(run)
    assert (run.count, run.total) == (2, Decimal("4000.50"))
    assert [(d.amount, org.iban, org.account_holder) for d, org, _purpose in rows] == [
        (Decimal("1500.00"), "DE89370400440532013000", "Kulturverein Rheine"),
        (Decimal("2500.50"), "DE89370400440532013000", "Kulturverein Rheine"),
    ]
    assert all(purpose.startswith(approved.file_reference) for _d, _o, purpose in rows)


def test_it_writes_a_valid_sepa_credit_transfer(run):
    xml = payment_runs.sepa_xml(run)
    root = etree.fromstring(xml)
    ns = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
    assert root.tag == "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.09}Document"
    assert root.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=ns) == "2"
    assert root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "4000.50"
    assert [e.text for e in root.findall(".//p:CdtTrfTxInf/p:CdtrAcct/p:Id/p:IBAN", namespaces=ns)] == ["DE89370400440532013000"] * 2


def test_it_writes_the_run_as_xlsx(run):
    sheet = load_workbook(BytesIO(payment_runs.run_xlsx(run).read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Aktenzeichen", "Organisation", "Kontoinhaber", "IBAN", "Betrag")
    assert [row[4] for row in rows[1:]] == [1500, 2500.5, 4000.5]


def test_it_books_the_whole_run_in_one_transaction(run, finn):
    payment_runs.payment_run_book(run=run, user=finn)
    run.refresh_from_db()
    assert run.status == "booked" and run.booked_by == finn
    assert set(Drawdown.objects.values_list("status", flat=True)) == {"paid"}
    assert sorted(Payment.objects.values_list("amount", flat=True)) == [Decimal("1500.00"), Decimal("2500.50")]
    assert set(Payment.objects.values_list("paid_on", flat=True)) == {run.execution_date}


def test_it_books_nothing_when_one_drawdown_of_the_run_cannot_be_booked(run, rita):
    # rita released every drawdown of the run: as finance she may book none of them.
    UserFactory(username=rita.username, roles=[roles.FINANCE])
    rita = type(rita).objects.get(pk=rita.pk)
    with pytest.raises(WorkflowError):
        payment_runs.payment_run_book(run=run, user=rita)
    assert PaymentRun.objects.get(pk=run.pk).status == "open"
    assert not Payment.objects.exists() and set(Drawdown.objects.values_list("status", flat=True)) == {"released"}


def test_it_leaves_out_drawdowns_the_creator_released_and_those_in_a_run(run, approved, alice, finn):
    assert not payment_runs.runnable_drawdowns(finn).exists()
    with pytest.raises(WorkflowError):
        payment_runs.payment_run_create(user=finn, execution_date=TODAY)
    payment_runs.payment_run_cancel(run=run, user=finn)
    assert payment_runs.runnable_drawdowns(finn).count() == 2


def test_it_refuses_a_run_in_the_past(approved, finn):
    with pytest.raises(WorkflowError, match="Vergangenheit"):
        payment_runs.payment_run_create(user=finn, execution_date=date(2020, 1, 1))
