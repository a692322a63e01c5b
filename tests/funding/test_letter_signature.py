"""Who signs (§ 37 Abs. 3 VwVfG NRW): the decider "Im Auftrag", or the configured signatory; recoveries by who recorded them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funding.models import Letter
from funding.services import recoveries
from funding.services.letters import send_receipt
from tests.funding import steps
from tests.funding.test_letter_pdfs import letter_of, letter_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def name(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()


@pytest.fixture
def people(alice, rita, anton, finn):
    name(rita, "Rita", "Prüfer")
    name(anton, "Anton", "Leiter")
    name(finn, "Finn", "Kasse")


def signature_part(text):
    return text.split("Mit freundlichen Grüßen", 1)[1].split("Anlage", 1)[0]


def test_the_decider_signs_im_auftrag(application, alice, rita, anton, people):
    app = steps.approved(application, alice, rita, anton)
    signature = signature_part(letter_text(letter_of(app, Letter.Kind.APPROVAL)))
    assert "Im Auftrag Anton Leiter" in signature
    assert "Lilli Schmidt" not in signature and "Rita Prüfer" not in signature


def test_the_authority_can_have_its_signatory_named_on_whose_behalf_the_decider_acts(application, alice, rita, anton, people):
    authority = application.call.programme.authority
    authority.letters_signed_by_signatory, authority.signature_principal = True, "Der Landrat"
    authority.signatory_title = "Leiterin des Kommunalen Integrationszentrums"
    authority.save()
    app = steps.approved(application, alice, rita, anton)
    signature = signature_part(letter_text(letter_of(app, Letter.Kind.APPROVAL)))
    assert "Der Landrat Im Auftrag Lilli Schmidt Leiterin des Kommunalen Integrationszentrums" in signature
    assert "Anton Leiter" not in signature


def test_a_recovery_is_signed_by_the_reviewer_who_recorded_it(application, alice, rita, anton, finn, people):
    app = steps.approved(application, alice, rita, anton)
    steps.paid(app, alice, rita, finn, app.approved_amount)
    app = recoveries.hearing_start(
        application=app, user=rita, refund=Decimal("500.00"), legal_basis="49_3_1", reasons="Minderausgaben.",
        deadline=timezone.localdate() + timedelta(days=14),
    )
    recoveries.hearing_record_answer(application=app, user=rita, answer="Einverstanden.", received_on=timezone.localdate())
    recoveries.recovery_decide(
        application=app, user=rita, refund=Decimal("500.00"), legal_basis="49_3_1", reasons="Minderausgaben.",
        effective_date=timezone.localdate(app.decided_at), due_date=date(2027, 12, 1),
    )
    signature = signature_part(letter_text(letter_of(app, Letter.Kind.RECOVERY)))
    assert "Im Auftrag Rita Prüfer" in signature and "Anton Leiter" not in signature


def test_the_receipt_is_machine_made(application, alice, people):
    app = steps.submitted(application, alice)
    send_receipt(app.pk)
    text = letter_text(letter_of(app, Letter.Kind.RECEIPT))
    assert "Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig." in text
