"""The reports reconcile with the settled, paid, recovered and repaid amounts (known answer, through the services).

Three grants of 8.000 € each (of 10.000 € planned costs, 80 %) in one line:

    file  paid         proof of use                   settled  outcome                            after
    A     4.000        7.000 spent, 1.400 own funds    5.600   final payment 1.600, booked        paid 5.600
    B     8.000        7.000 spent, 1.400 own funds    5.600   refund 2.400: hearing, recovery    1.000 repaid
    C     3.000        –                                  –    amended to 9.000 €                 –

Approved 25.000 € (C counted with its amended amount), settled 11.200 € in
two files, paid 16.600 € with 1.600 € final payments, recovered 2.400 €,
repaid 1.000 €, 1.400 € outstanding; final grant 11.200 + 9.000 = 20.200 €.
"""

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from funding.models import Drawdown, Recovery
from funding.services import amendments, payments, proofs, recoveries
from reports.figures import report_figures
from reports.filters import report_filter
from tests.factories import ApplicationFactory, MembershipFactory, OrganisationFactory, standing_documents
from tests.funding import steps
from tests.funding.test_audit import NOTE, submitted_proof

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def everything():
    report = report_filter(QueryDict(""))
    assert report.is_valid(), report.errors
    return report


def _application(line, user):
    org = OrganisationFactory()
    standing_documents(org)
    MembershipFactory(user=user, organisation=org)
    return ApplicationFactory(organisation=org, line=line, created_by=user)


@pytest.fixture
def reconciled(application, alice, rita, anton, finn, line):
    a = submitted_proof(application, alice, rita, anton, finn, paid="4000.00", income="1400.00")
    proofs.proof_accept(application=a, user=rita, note=NOTE)
    final = Drawdown.objects.get(application=a, kind=Drawdown.Kind.FINAL)
    payments.drawdown_book(drawdown=final, user=finn, paid_on=TODAY, reference="SZ-1")

    b = submitted_proof(_application(line, alice), alice, rita, anton, finn, paid="8000.00", income="1400.00")
    hearing = {"legal_basis": "49_3_1", "reasons": "Die Ausgaben lagen unter dem Plan.", "deadline": TODAY + timezone.timedelta(days=14)}
    b = proofs.proof_accept(application=b, user=rita, note=NOTE, hearing=hearing)
    recoveries.hearing_record_answer(application=b, user=rita, answer="Einverstanden.", received_on=TODAY)
    b = recoveries.recovery_decide(
        application=b, user=rita, refund=Decimal("2400.00"), legal_basis="49_3_1", reasons="Die Ausgaben lagen unter dem Plan.",
        effective_date=TODAY, due_date=TODAY + timezone.timedelta(days=30),
    )
    recoveries.repayment_record(application=b, user=finn, received_on=TODAY, amount=Decimal("1000.00"))

    c = steps.approved(_application(line, alice), alice, rita, anton)
    steps.paid(c, alice, rita, finn, "3000.00")
    amendment = amendments.amendment_request(application=c, user=alice, reasons="Mehr Teilnehmende", new_amount=Decimal("9000.00"))
    amendment = amendments.amendment_start_review(amendment=amendment, user=rita)
    amendment = amendments.amendment_review_save(amendment=amendment, user=rita, recommendation="approve", note="ok")
    amendments.amendment_approve(amendment=amendment, user=anton)
    return line


def test_it_reconciles_settled_paid_recovered_and_repaid(reconciled):
    for live in (False, True):
        figures = report_figures(everything(), live=live)
        flow = figures.flow.total
        assert (flow.approved, flow.settled_files, flow.settled) == (Decimal("25000.00"), 2, Decimal("11200.00"))
        assert (flow.paid, flow.final_payments, flow.final_payments_open) == (Decimal("16600.00"), Decimal("1600.00"), 0)
        assert (flow.recovered, flow.repaid, flow.outstanding) == (Decimal("2400.00"), Decimal("1000.00"), Decimal("1400.00"))
        assert (flow.final_grant, flow.kept, flow.difference) == (Decimal("20200.00"), Decimal("15600.00"), 0)
        assert flow.interest_claimed == Recovery.objects.get().interest_amount
        # The kept figures say the same: amended amount approved, every payment and the recovery counted.
        totals = figures.totals
        assert (totals.approved, totals.paid, totals.recovered, totals.repaid) == (
            flow.approved, flow.paid, flow.recovered, flow.repaid
        )
        assert [label for label, _flow in figures.flow.rows] == [reconciled.name]


def test_it_counts_the_hearing_and_the_open_final_payment_until_they_are_done(application, alice, rita, anton, finn, line):
    a = submitted_proof(application, alice, rita, anton, finn, paid="4000.00", income="1400.00")
    proofs.proof_accept(application=a, user=rita, note=NOTE)
    b = submitted_proof(_application(line, alice), alice, rita, anton, finn, paid="8000.00", income="1400.00")
    hearing = {"legal_basis": "49_3_1", "reasons": "Die Ausgaben lagen unter dem Plan.", "deadline": TODAY + timezone.timedelta(days=14)}
    proofs.proof_accept(application=b, user=rita, note=NOTE, hearing=hearing)
    flow = report_figures(everything()).flow.total
    assert (flow.settled, flow.paid_settled, flow.final_payments_open, flow.in_hearing) == (
        Decimal("11200.00"), Decimal("12000.00"), Decimal("1600.00"), Decimal("2400.00")
    )
    assert flow.difference == 0


def test_it_shows_the_flow_on_the_dashboard_and_in_the_overview_sheet(client, leitung, reconciled):
    client.force_login(leitung)
    page = client.get(reverse("reports:dashboard")).content.decode()
    table = page[page.index('id="flow-table"'):]
    table = table[: table.index("</table>")]
    for text in ("11.200,00", "16.600,00", "1.600,00", "2.400,00", "1.000,00", "1.400,00", "20.200,00"):
        assert text in table
    from reports.exports import GRANTS, export_records

    grants = list(export_records(GRANTS, everything().qs))
    assert sorted(row["settled"] or 0 for row in grants) == [0, Decimal("5600.00"), Decimal("5600.00")]
    assert sorted(row["repaid"] for row in grants) == [0, 0, Decimal("1000.00")]


def test_the_printed_flow_table_fits_its_landscape_page_with_whole_headers(reconciled):
    import io

    from pypdf import PdfReader

    from reports.flow import COLUMNS
    from reports.foerderbericht import render_report_pdf

    reader = PdfReader(io.BytesIO(render_report_pdf("")))
    (page,) = [page for page in reader.pages if "Festsetzung, Auszahlungen und Rückflüsse" in page.extract_text()]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    words = set(page.extract_text().split())
    for _name, label, _kind in COLUMNS:  # every header word whole: no hyphenation inside a word
        assert all(word in words for word in str(label).split()), label
    assert "Teil 1 von 2" in page.extract_text() and "Teil 2 von 2" in page.extract_text()
