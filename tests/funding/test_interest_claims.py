"""Zinsbescheid for money used late (§ 49a Abs. 4 VwVfG NRW): propose, decide (four eyes), letter, repayments."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from funding.models import Letter, Receipt, Recovery
from funding.services import interest_claims, proofs, recoveries
from funding.services.transitions import WorkflowError
from tests.factories import UserFactory
from funding import roles
from tests.funding import steps

pytestmark = pytest.mark.django_db
REASONS = "5.000 € der am 01.03.2027 ausgezahlten Mittel wurden erst am 15.06.2027 verwendet."
ANSWER = "Die Honorare für den Sommerkurs wurden erst im Juni fällig."


def late_file(application, alice, rita, anton, finn):
    """8.000 € of 10.000 € approved (80 %); 5.000 € paid on 01.03.2027, spent only on 15.06.2027."""
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "5000.00", paid_on=date(2027, 3, 1))
    proof = proofs.proof_for(app)
    # 6.250 € receipts × 80 % grant share = 5.000 € of grant money used on 15.06.2027.
    Receipt.objects.create(proof=proof, date=date(2027, 6, 15), payee="B", purpose="Miete", amount=Decimal("6250.00"))
    return app


def due():
    return timezone.localdate() + timedelta(days=30)


def heard(claim, rita, answer=""):
    """The Anhörung (§ 28 VwVfG NRW) with a deadline in two weeks; with ``answer``, staff record it at once."""
    claim = interest_claims.interest_claim_hearing_start(claim=claim, user=rita, deadline=timezone.localdate() + timedelta(days=14))
    if answer:
        recoveries.hearing_record_answer(application=claim.application, user=rita, answer=answer, received_on=timezone.localdate())
    return claim


def test_it_claims_interest_computed_by_hand_and_issues_the_zinsbescheid(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    # By hand: paid 01.03.2027, the two months end 01.05.2027, used 15.06.2027 (late), so interest runs
    # from the payout to the day before the use: 01.03.–14.06.2027 = 31 + 30 + 31 + 14 = 106 days.
    # Base rate: the last entered row (1,27 % from 01.07.2025), so provisional; + 5 points = 6,27 % p. a.
    # 5.000,00 × 6,27 % × 106 / 365 = 33.231 / 365 = 91,0438… → 91,04 €.
    assert (claim.status, claim.interest_amount, claim.amount) == ("proposed", Decimal("91.04"), Decimal("0.00"))
    (period,) = claim.interest_periods
    assert (period["start"], period["end"], period["days"], period["rate"]) == ("2027-03-01", "2027-06-14", 106, "6.27")
    assert not Letter.objects.filter(kind="late_use_interest").exists()

    claim = interest_claims.interest_claim_decide(claim=heard(claim, rita, ANSWER), user=anton, reasons=REASONS)
    assert (claim.status, claim.claimed_by, claim.interest_amount) == ("claimed", anton, Decimal("91.04"))
    letter = Letter.objects.get(application=app, kind="late_use_interest")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(letter.file.open()).pages)
    for part in (
        "Zinsbescheid", "§ 49a Abs. 4 VwVfG NRW", "01.03.2027 – 14.06.2027", "106", "1,27", "6,27", "91,04 €",
        due().strftime("%d.%m.%Y"), "Rechtsbehelfsbelehrung", "Auszahlung vom 01.03.2027", "5.000,00 €", "Im Auftrag",
    ):
        assert part in text, part
    app.refresh_from_db()
    assert app.state == "approved"  # the grant stays; only interest is claimed


def letter_text(app, kind):
    letter = Letter.objects.get(application=app, kind=kind)
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(letter.file.open()).pages)


def test_it_hears_the_organisation_before_the_zinsbescheid_and_takes_up_its_answer(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    with pytest.raises(WorkflowError):  # no Zinsbescheid without a hearing
        interest_claims.interest_claim_decide(claim=claim, user=anton, reasons=REASONS)
    with pytest.raises(WorkflowError, match="Frist zur Stellungnahme"):
        interest_claims.interest_claim_hearing_start(claim=claim, user=rita, deadline=timezone.localdate())
    deadline = timezone.localdate() + timedelta(days=14)

    claim = interest_claims.interest_claim_hearing_start(claim=claim, user=rita, deadline=deadline)

    assert claim.status == "hearing"
    text = letter_text(app, "late_use_hearing")
    # The hand-computed case above: 5.000,00 € × 6,27 % × 106 / 365 = 91,04 €, 01.03.–14.06.2027.
    for part in ("Anhörung nach § 28 VwVfG NRW", "91,04 €", "einundneunzig Euro und vier Cent", "01.03.2027 – 14.06.2027",
                 "106", "6,27", f"bis zum {deadline:%d.%m.%Y}", "noch keine Entscheidung", "Auszahlung vom 01.03.2027"):
        assert part in text, part
    assert not Letter.objects.filter(kind="late_use_interest").exists()
    with pytest.raises(WorkflowError, match="erst nach der Stellungnahme oder nach Ablauf der Anhörungsfrist"):
        interest_claims.interest_claim_decide(claim=claim, user=anton, reasons=REASONS)

    recoveries.hearing_answer_by_applicant(application=app, user=alice, answer=ANSWER)  # in the portal
    claim = interest_claims.interest_claim_decide(
        claim=claim, user=anton, reasons=REASONS + " Dass die Honorare erst im Juni fällig wurden, rechtfertigte keinen Abruf im März.",
    )

    assert (claim.status, claim.interest_amount, claim.hearing.answer) == ("claimed", Decimal("91.04"), ANSWER)
    text = letter_text(app, "late_use_interest")
    assert f"Ihre Stellungnahme vom {timezone.localdate():%d.%m.%Y} lautet: {ANSWER}" in text
    assert "rechtfertigte keinen Abruf im März" in text and "91,04 €" in text


def test_after_the_deadline_the_zinsbescheid_follows_without_an_answer(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = heard(interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due()), rita)
    yesterday = timezone.localdate() - timedelta(days=1)
    app.hearings.update(deadline=yesterday, created_at=timezone.now() - timedelta(days=20))  # two weeks and more later

    with pytest.raises(WorkflowError, match="nicht mehr möglich"):
        recoveries.hearing_answer_by_applicant(application=app, user=alice, answer="zu spät")
    claim = interest_claims.interest_claim_decide(claim=claim, user=anton, reasons=REASONS)

    assert claim.status == "claimed"
    text = letter_text(app, "late_use_interest")
    assert f"die Frist zur Stellungnahme endete am {yesterday:%d.%m.%Y}" in text
    assert "Eine Stellungnahme ist nicht eingegangen" in text


def test_it_keeps_four_eyes_and_the_roles(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    with pytest.raises(PermissionDenied):
        interest_claims.interest_claim_propose(application=app, user=anton, reasons=REASONS, due_date=due())
    both = UserFactory(username="bea", roles=[roles.REVIEWER, roles.APPROVER])
    claim = heard(interest_claims.interest_claim_propose(application=app, user=both, reasons=REASONS, due_date=due()), rita, ANSWER)
    with pytest.raises(PermissionDenied):
        interest_claims.interest_claim_decide(claim=claim, user=both, reasons=REASONS)
    with pytest.raises(WorkflowError) as error:
        interest_claims.interest_claim_decide(claim=claim, user=anton, reasons=" ")
    assert "Gründe" in str(error.value)
    with pytest.raises(WorkflowError):
        interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())


def test_it_refuses_a_claim_when_all_was_used_in_time(application, alice, rita, anton, finn):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "5000.00", paid_on=date(2027, 3, 1))
    Receipt.objects.create(proof=proofs.proof_for(app), date=date(2027, 4, 30), payee="A", purpose="Honorar", amount=Decimal("6250.00"))
    with pytest.raises(WorkflowError) as error:
        interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    assert "keine Zinsen" in str(error.value)


def test_it_books_repayments_until_the_claim_is_settled(application, alice, rita, anton, finn):
    app = late_file(application, alice, rita, anton, finn)
    claim = interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=due())
    claim = interest_claims.interest_claim_decide(claim=heard(claim, rita, ANSWER), user=anton, reasons=REASONS)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        interest_claims.interest_repayment_record(claim=claim, user=rita, received_on=today, amount=Decimal("1.00"))
    interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=today, amount=Decimal("50.00"))
    with pytest.raises(WorkflowError) as error:
        interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=today, amount=Decimal("41.05"))
    assert "41,04\xa0€" in str(error.value)
    claim = interest_claims.interest_repayment_record(claim=claim, user=finn, received_on=today, amount=Decimal("41.04"))
    assert claim.settled_on == today
    assert [(r.interest_part, r.principal_part) for r in Recovery.objects.get(pk=claim.pk).repayments.all()] == [
        (Decimal("50.00"), Decimal("0.00")), (Decimal("41.04"), Decimal("0.00")),
    ]
