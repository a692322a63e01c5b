"""Recovery: hearing first, a decision naming its legal basis, interest to the cent, repayments."""

from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from funding.models import Application, Letter, Recovery
from funding.services import recoveries
from funding.services.transitions import WorkflowError
from tests.funding import steps

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
REASONS = "Das Projekt wurde nur zur Hälfte durchgeführt; die übrigen Mittel wurden nicht verwendet."


@pytest.fixture
def running(application, alice, rita, anton, finn):
    """Approved 8.000 €, 3.000 € paid on 01.03.2027 and 2.000 € on 15.08.2027."""
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, "3000.00", paid_on=date(2027, 3, 1), reference="KA-1")
    steps.paid(app, alice, rita, finn, "2000.00", paid_on=date(2027, 8, 15), reference="KA-2")
    return Application.objects.get(pk=app.pk)


def hear(app, user, refund="2500.00", deadline=None):
    return recoveries.hearing_start(
        application=app, user=user, refund=Decimal(refund), legal_basis="49_3_1", reasons=REASONS,
        deadline=deadline or TODAY + timedelta(days=21),
    )


def decide(app, user, refund="2500.00", effective=None, due=None, basis="49_3_1"):
    return recoveries.recovery_decide(
        application=app, user=user, refund=Decimal(refund), legal_basis=basis, reasons=REASONS,
        effective_date=effective or timezone.localdate(app.decided_at), due_date=due or TODAY + timedelta(days=30),
    )


def test_it_refuses_a_refund_above_what_was_paid(running, rita):
    with pytest.raises(WorkflowError) as refused:
        hear(running, rita, refund="5000.01")
    assert "höher als der ausgezahlte" in str(refused.value) and "5.000,00" in str(refused.value)


def test_it_refuses_a_recovery_when_nothing_was_paid(application, alice, rita, anton):
    app = steps.approved(application, alice, rita, anton)
    with pytest.raises(WorkflowError, match="nichts ausgezahlt"):
        hear(app, rita, refund="9840.00")


def test_it_sends_the_hearing_letter_and_decides_only_after_the_deadline_or_the_answer(running, rita):
    app = hear(running, rita)
    assert app.state == "hearing"
    assert Letter.objects.filter(application=app, kind=Letter.Kind.HEARING).exists()
    with pytest.raises(WorkflowError, match="Frist zur Stellungnahme läuft noch"):
        decide(app, rita)
    recoveries.hearing_record_answer(application=app, user=rita, answer="Wir haben Belege nachgereicht.", received_on=TODAY)
    app = decide(app, rita)
    assert app.state == "recovery_pending"


def test_it_decides_after_the_deadline_has_passed(running, rita):
    app = hear(running, rita, deadline=TODAY + timedelta(days=1))
    later = TODAY + timedelta(days=2)
    with mock.patch("funding.conditions.today", return_value=later):
        app = decide(app, rita, due=later + timedelta(days=30))
    assert app.state == "recovery_pending"


def test_it_names_the_legal_basis_the_kind_and_the_new_grant(running, rita):
    app = hear(running, rita)
    recoveries.hearing_record_answer(application=app, user=rita, answer="Keine Einwände.", received_on=TODAY)
    decide(app, rita, refund="2500.00")
    recovery = Recovery.objects.get()
    assert (recovery.amount, recovery.new_grant_amount, recovery.kind_label) == (Decimal("2500.00"), Decimal("2500.00"), "Teilwiderruf")
    assert recovery.get_legal_basis_display().startswith("§ 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW")
    assert recovery.hearing is not None


def test_it_calls_a_whole_revocation_widerruf_and_a_withdrawal_ruecknahme(running, rita):
    app = hear(running, rita, refund="5000.00")
    recoveries.hearing_record_answer(application=app, user=rita, answer="–", received_on=TODAY)
    decide(app, rita, refund="5000.00", basis="48")
    recovery = Recovery.objects.get()
    assert (recovery.new_grant_amount, recovery.kind_label) == (Decimal("0.00"), "Rücknahme")


def test_it_never_takes_effect_before_the_approval_nor_claims_more_than_heard(running, rita):
    app = hear(running, rita, refund="2000.00")
    recoveries.hearing_record_answer(application=app, user=rita, answer="–", received_on=TODAY)
    before = timezone.localdate(app.decided_at) - timedelta(days=1)
    with pytest.raises(WorkflowError, match="nicht vor dem Tag wirksam"):
        decide(app, rita, refund="2000.00", effective=before)
    with pytest.raises(WorkflowError, match="neue Anhörung"):
        decide(app, rita, refund="2000.01")
    assert not Recovery.objects.exists()


def test_it_computes_the_interest_table_and_books_repayments_until_settled(running, rita, finn):
    # Effective on the approval's day (before both payments), at the last entered rate 6,27 % (base 1,27 % provisional after 30.06.2026), refund 2.500 €
    # from the payments of 15.08.2027 (2.000 €) and 01.03.2027 (500 €), due 31.03.2028:
    #   01.03.–14.08.2027   500 € × 6,27 % × 167 days = 523545/36500   = 14.3437…
    #   15.08.2027–30.03.2028 2.500 € × 6,27 % × 229 days = 3589575/36500 = 98.3445…
    #   sum 4113120/36500 = 112.6882… → 112,69 €
    app = hear(running, rita)
    recoveries.hearing_record_answer(application=app, user=rita, answer="–", received_on=TODAY)
    effective = timezone.localdate(app.decided_at)  # the approval's day, before the payments of 2027
    with mock.patch("funding.conditions.today", return_value=date(2027, 12, 1)):
        recoveries.recovery_decide(
            application=app, user=rita, refund=Decimal("2500.00"), legal_basis="49_3_1", reasons=REASONS,
            effective_date=effective, due_date=date(2028, 3, 31),
        )
    recovery = Recovery.objects.get()
    assert [(row["start"], row["principal"], row["days"]) for row in recovery.interest_periods] == [
        ("2027-03-01", "500.00", 167), ("2027-08-15", "2500.00", 229),
    ]
    assert recovery.interest_amount == Decimal("112.69")
    assert Letter.objects.filter(application=app, kind=Letter.Kind.RECOVERY).exists()
    # A first 1.000 € on 31.03.2028 pays the 112,69 € interest and 887,31 € principal.
    recoveries.repayment_record(application=app, user=finn, received_on=date(2028, 3, 31), amount=Decimal("1000.00"))
    first = recovery.repayments.get()
    assert (first.interest_part, first.principal_part) == (Decimal("112.69"), Decimal("887.31"))
    assert Application.objects.get(pk=app.pk).state == "recovery_pending"
    # The rest on the same day: principal 1.612,69 €, no further interest.
    with pytest.raises(WorkflowError, match="nur 1.612,69"):
        recoveries.repayment_record(application=app, user=finn, received_on=date(2028, 3, 31), amount=Decimal("1700.00"))
    recoveries.repayment_record(application=app, user=finn, received_on=date(2028, 3, 31), amount=Decimal("1612.69"))
    recovery.refresh_from_db()
    assert Application.objects.get(pk=app.pk).state == "closed" and recovery.settled_on == date(2028, 3, 31)
