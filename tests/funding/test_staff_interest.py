"""Staff pages for interest on money used late (§ 49a Abs. 4 VwVfG): propose, hear, decide, dismiss, repayments."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding import roles
from funding.models import Letter, Payment, Recovery
from funding.services import interest_claims
from tests.factories import UserFactory
from tests.funding.test_interest_claims import ANSWER, REASONS, late_file
from tests.funding.test_tenants import bea, other_line  # noqa: F401 - fixtures: staff of a second authority

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]
TODAY = timezone.localdate()
STEPS = ("interest_claim_propose", "interest_claim_hearing", "interest_claim_answer", "interest_claim_decide",
         "interest_claim_dismiss", "interest_repayment")


@pytest.fixture
def late(application, alice, rita, anton, finn):
    """5.000 € paid on 01.03.2027, used only on 15.06.2027: 106 days at 6,27 % on 5.000 € = 91,04 € (by hand)."""
    return late_file(application, alice, rita, anton, finn)


def url(name, app):
    return reverse(f"staff:{name}", args=[app.pk])


def day(offset):
    return (TODAY + timedelta(days=offset)).strftime("%d.%m.%Y")


def post(client, user, name, app, data):
    client.force_login(user)
    return client.post(url(name, app), data)


def claim_of(app):
    return Recovery.objects.get(application=app, kind="late_use")


def propose(client, rita, app):
    response = post(client, rita, "interest_claim_propose", app, {"propose-reasons": REASONS, "propose-due_date": day(30)})
    assert response.status_code == 302, response.content.decode().replace("\u00a0", " ")
    return claim_of(app)


def hear(client, rita, app):
    response = post(client, rita, "interest_claim_hearing", app, {"hearing-deadline": day(14)})
    assert response.status_code == 302, response.content.decode().replace("\u00a0", " ")


def test_the_page_shows_the_late_payment_and_its_interest_per_rate_period(client, late, rita):
    client.force_login(rita)
    response = client.get(url("interest_claims", late))
    content = response.content.decode().replace("\u00a0", " ")
    (row,) = response.context["payment_rows"]
    (period,) = row["periods"]
    # By hand: 01.03.–14.06.2027 = 106 days on 5.000 € at 1,27 % + 5 = 6,27 %: 5.000 × 0,0627 × 106 / 365 = 91,04 €.
    assert (period["start"], period["end"], period["days"], period["interest"]) == (
        date(2027, 3, 1), date(2027, 6, 14), 106, Decimal("91.04"))
    for text in ("Auszahlung vom 01.03.2027 über 5.000,00 €", "01.03.2027", "14.06.2027", "106", "6,27 %", "91,04 €",
                 "91,04 € Zinsen vorschlagen"):
        assert text in content, text
    assert 'name="propose-reasons"' in content and 'name="hearing-deadline"' not in content
    assert 'name="csrfmiddlewaretoken"' in content


def test_a_reviewer_proposes_and_starts_the_hearing_with_a_letter(client, late, rita, anton):
    claim = propose(client, rita, late)
    assert (claim.status, claim.interest_amount, claim.proposed_by) == ("proposed", Decimal("91.04"), rita)

    content = client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")
    assert 'name="hearing-deadline"' in content and 'name="propose-reasons"' not in content
    assert 'name="decide-reasons"' not in content and 'name="dismiss-reasons"' not in content  # rita cannot decide
    hear(client, rita, late)

    claim.refresh_from_db()
    assert claim.status == "hearing"
    hearing = late.hearings.get(kind="late_use")
    assert (hearing.deadline, hearing.intended_refund) == (TODAY + timedelta(days=14), Decimal("91.04"))
    assert Letter.objects.filter(application=late, kind=Letter.Kind.LATE_USE_HEARING).count() == 1
    client.force_login(anton)
    content = client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")
    assert 'name="decide-reasons"' in content and 'name="dismiss-reasons"' in content
    assert 'name="hearing-deadline"' not in content
    assert "Die Frist zur Stellungnahme läuft bis" in content


def test_the_approver_decides_after_the_answer_and_the_zinsbescheid_is_issued(client, late, rita, anton):
    propose(client, rita, late)
    hear(client, rita, late)
    decide = {"decide-reasons": REASONS, "decide-due_date": day(30)}

    early = post(client, anton, "interest_claim_decide", late, decide)
    assert early.status_code == 400
    assert "erst nach der Stellungnahme oder nach Ablauf der Anhörungsfrist" in early.content.decode().replace("\u00a0", " ")
    assert REASONS in early.content.decode().replace("\u00a0", " ")  # the form keeps what was typed

    answer = post(client, rita, "interest_claim_answer", late, {"answer-answer": ANSWER, "answer-received_on": day(0)})
    assert answer.status_code == 302
    response = post(client, anton, "interest_claim_decide", late, decide)

    assert response.status_code == 302
    claim = claim_of(late)
    assert (claim.status, claim.claimed_by, claim.interest_amount, claim.due_date) == (
        "claimed", anton, Decimal("91.04"), TODAY + timedelta(days=30))
    assert claim.hearing.answer == ANSWER
    assert Letter.objects.filter(application=late, kind=Letter.Kind.LATE_USE_INTEREST).count() == 1
    content = client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")
    assert "Zinsbescheid vom" in content and "91,04 €" in content
    assert 'name="decide-reasons"' not in content and 'name="repayment-amount"' not in content  # anton is no finance
    # The payment's interest is claimed once: no second proposal for it.
    client.force_login(rita)
    assert 'name="propose-reasons"' not in client.get(url("interest_claims", late)).content.decode()
    again = post(client, rita, "interest_claim_propose", late, {"propose-reasons": REASONS, "propose-due_date": day(30)})
    assert again.status_code == 400 and "bereits ein Zinsbescheid ergangen" in again.content.decode()
    assert Recovery.objects.filter(application=late, kind="late_use").count() == 1


def test_four_eyes_and_roles_are_kept_at_each_step(client, late, rita, anton, finn):
    assert post(client, anton, "interest_claim_propose", late, {"propose-reasons": REASONS, "propose-due_date": day(30)}).status_code == 403
    assert post(client, finn, "interest_claim_propose", late, {"propose-reasons": REASONS, "propose-due_date": day(30)}).status_code == 403
    both = UserFactory(username="bea-both", roles=[roles.REVIEWER, roles.APPROVER])
    propose(client, both, late)
    hear(client, rita, late)
    post(client, rita, "interest_claim_answer", late, {"answer-answer": ANSWER, "answer-received_on": day(0)})

    assert post(client, both, "interest_claim_decide", late, {"decide-reasons": REASONS, "decide-due_date": day(30)}).status_code == 403
    assert post(client, rita, "interest_claim_dismiss", late, {"dismiss-reasons": "Kein Anlass."}).status_code == 403
    assert post(client, finn, "interest_claim_answer", late, {"answer-answer": ANSWER, "answer-received_on": day(0)}).status_code == 403
    assert claim_of(late).status == "hearing"


def test_bad_input_gets_a_german_message_and_keeps_the_input(client, late, rita, anton):
    response = post(client, rita, "interest_claim_propose", late, {"propose-reasons": "  ", "propose-due_date": "31.02.2027"})
    assert response.status_code == 400
    content = response.content.decode().replace("\u00a0", " ")
    assert "Bitte korrigieren Sie diese Angaben" in content and "31.02.2027" in content

    response = post(client, rita, "interest_claim_propose", late, {"propose-reasons": REASONS, "propose-due_date": day(0)})
    assert response.status_code == 400
    assert "Das Fälligkeitsdatum muss nach dem heutigen Tag liegen." in response.content.decode().replace("\u00a0", " ")
    assert REASONS in response.content.decode().replace("\u00a0", " ")

    propose(client, rita, late)
    response = post(client, rita, "interest_claim_hearing", late, {"hearing-deadline": day(-1)})
    assert response.status_code == 400
    assert "Die Frist zur Stellungnahme muss nach dem heutigen Tag liegen." in response.content.decode().replace("\u00a0", " ")
    response = post(client, rita, "interest_claim_hearing", late, {"hearing-deadline": "morgen"})
    assert response.status_code == 400 and "morgen" in response.content.decode().replace("\u00a0", " ")
    response = post(client, rita, "interest_claim_answer", late, {"answer-answer": ANSWER, "answer-received_on": day(0)})
    assert response.status_code == 400  # no hearing yet
    assert "keine Anhörung" in response.content.decode().replace("\u00a0", " ")
    response = post(client, anton, "interest_claim_dismiss", late, {"dismiss-reasons": ""})
    assert response.status_code == 400
    assert claim_of(late).status == "proposed"
    assert not Letter.objects.filter(application=late, kind__startswith="late_use").exists()


def test_the_approver_can_dismiss_the_claim_with_reasons(client, late, rita, anton):
    propose(client, rita, late)
    response = post(client, anton, "interest_claim_dismiss", late, {"dismiss-reasons": "Geringfügig; der Verein hat sofort reagiert."})
    assert response.status_code == 302
    assert claim_of(late).status == "dismissed"
    content = client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")
    assert "Verworfene Zinsvorschläge" in content
    client.force_login(rita)
    assert 'name="propose-reasons"' in client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")  # a new proposal is possible


def test_finance_books_interest_repayments_until_settled(client, late, rita, anton, finn):
    claim = propose(client, rita, late)
    hear(client, rita, late)
    post(client, rita, "interest_claim_answer", late, {"answer-answer": ANSWER, "answer-received_on": day(0)})
    post(client, anton, "interest_claim_decide", late, {"decide-reasons": REASONS, "decide-due_date": day(30)})
    client.force_login(finn)
    assert 'name="repayment-amount"' in client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")

    data = {"repayment-claim": claim.pk, "repayment-received_on": day(0)}
    too_much = post(client, finn, "interest_repayment", late, {**data, "repayment-amount": "100,00"})
    assert too_much.status_code == 400
    assert "Offen sind nur 91,04 €" in too_much.content.decode().replace("\u00a0", " ") and "100,00" in too_much.content.decode().replace("\u00a0", " ")
    assert post(client, finn, "interest_repayment", late, {**data, "repayment-amount": "zehn"}).status_code == 400
    assert post(client, rita, "interest_repayment", late, {**data, "repayment-amount": "40,00"}).status_code == 403

    assert post(client, finn, "interest_repayment", late, {**data, "repayment-amount": "40,00"}).status_code == 302
    assert post(client, finn, "interest_repayment", late, {**data, "repayment-amount": "51,04"}).status_code == 302
    claim.refresh_from_db()
    assert (claim.repaid, claim.settled_on) == (Decimal("91.04"), TODAY)
    content = client.get(url("interest_claims", late)).content.decode().replace("\u00a0", " ")
    assert "beglichen am" in content and 'name="repayment-amount"' not in content


def test_another_authority_and_applicants_get_404_everywhere(client, late, rita, bea, alice):
    propose(client, rita, late)
    for user in (bea, alice):
        client.force_login(user)
        assert client.get(url("interest_claims", late)).status_code == 404
        for name in STEPS:
            assert client.post(url(name, late), {}).status_code == 404, name
    client.force_login(rita)
    assert client.get(url("interest_claim_propose", late)).status_code == 405  # state changes only by POST


def test_the_file_shows_a_late_payout_and_the_claim_within_the_query_pin(client, application, alice, rita, anton, finn):
    """Paid 100 days ago, nothing shown as used: flagged on the file page; the page stays within its 12 queries."""
    app = late_file(application, alice, rita, anton, finn)
    Payment.objects.filter(application=app).update(paid_on=TODAY - timedelta(days=100))
    app.proof.receipts.all().delete()
    interest_claims.interest_claim_propose(application=app, user=rita, reasons=REASONS, due_date=TODAY + timedelta(days=30))
    client.force_login(rita)
    detail = reverse("staff:application_detail", args=[app.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(detail)
    content = response.content.decode().replace("\u00a0", " ")
    assert "Zinsen für verspätete Verwendung (§ 49a Abs. 4 VwVfG)" in content
    assert f"Auszahlung vom {TODAY - timedelta(days=100):%d.%m.%Y} über 5.000,00 €" in content
    assert "Vorgeschlagen" in content and url("interest_claims", app) in content
    # Paid yesterday: nothing can be late yet, and the computation (receipts, base rates) is not run at all.
    Payment.objects.filter(application=app).update(paid_on=TODAY - timedelta(days=1))
    with CaptureQueriesContext(connection) as recent:
        response = client.get(detail)
    assert "Zinsberechnung und Zinsvorschlag ansehen" in response.content.decode()  # the claim is still shown
    assert len(captured) == len(recent) + 2
