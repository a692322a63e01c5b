"""Decisions by the Leitung: approval, partial approval, rejection, the letter at once."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from funding.models import Application, Decision, Letter
from tests.factories import ApplicationFactory, LineFactory, StandardReasonFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def post(client, name, app, data):
    return client.post(reverse(f"staff:{name}", args=[app.pk]), data)


def test_it_shows_the_basis_of_the_decision(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)

    page = client.get(reverse("staff:approve", args=[application.pk])).content.decode()

    assert "Prüfvermerk: alles schlüssig." in page
    assert "Checkliste" in page
    assert "100.000,00\u00a0€" in page  # the call's budget
    assert "davon noch verfügbar" in page


def test_it_approves_and_the_letter_can_be_downloaded_at_once(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)

    response = post(client, "approve", application, {"amount": "8.000,00", "reasons": ""})

    assert response.status_code == 302
    app = Application.objects.get(pk=application.pk)
    assert app.state == "approved" and app.approved_amount == Decimal("8000.00")
    assert app.decision.outcome == Decision.Outcome.APPROVED and app.decision.decided_by == anton
    letter = Letter.objects.get(application=app, kind=Letter.Kind.APPROVAL)
    download = client.get(reverse("staff:letter_download", args=[letter.pk]))
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")


def test_it_requires_reasons_for_a_partial_approval(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)

    response = post(client, "approve", application, {"amount": "6.000", "reasons": ""})

    assert response.status_code == 200
    assert "Begründung erforderlich" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"


def test_it_approves_a_reduced_amount_as_teilbewilligung(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita, recommendation="approve_reduced", amount=Decimal("6000.00"))
    client.force_login(anton)
    assert client.get(reverse("staff:approve", args=[application.pk])).context["form"]["amount"].value() == "6.000,00"

    post(client, "approve", application, {"amount": "6.000,00", "reasons": "Honorare zu hoch angesetzt."})

    decision = Decision.objects.get(application=application)
    assert decision.outcome == Decision.Outcome.PARTIAL and decision.amount == Decimal("6000.00")
    assert Letter.objects.filter(application=application, kind=Letter.Kind.PARTIAL_APPROVAL).exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("9.000,00", "höher als der beantragte Betrag"),
        ("0", "größer als 0"),
    ],
)
def test_it_checks_the_amount(client, application, alice, rita, anton, amount, message):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)

    response = post(client, "approve", application, {"amount": amount, "reasons": "Begründung"})

    assert message in response.content.decode()
    assert not Decision.objects.filter(application=application).exists()


def test_it_checks_the_remaining_budget(client, organisation, documents, alice, rita, anton):
    line = LineFactory(call__budget=Decimal("10000.00"))
    first = steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    second = steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita)
    client.force_login(anton)

    page = client.get(reverse("staff:approve", args=[second.pk])).content.decode()
    assert "davon noch verfügbar: 2.000,00\u00a0€" in page
    response = post(client, "approve", second, {"amount": "8.000,00"})

    assert "verbleibende Budget" in response.content.decode()
    assert first.state == "approved" and Application.objects.get(pk=second.pk).state == "in_review"


def test_it_rejects_with_edited_standard_reasons(client, application, alice, rita, anton):
    reason = StandardReasonFactory(call=application.call, text="Die Haushaltsmittel sind ausgeschöpft.")
    steps.reviewed(application, alice, rita, recommendation="reject")
    client.force_login(anton)

    inserted = post(client, "reject", application, {"standard_reasons": [reason.pk], "reasons": "", "insert": "1"})
    text = inserted.context["form"]["reasons"].value()
    assert text == "Die Haushaltsmittel sind ausgeschöpft."
    assert Application.objects.get(pk=application.pk).state == "in_review"

    edited = text + " Eine Förderung im nächsten Aufruf ist möglich."
    post(client, "reject", application, {"standard_reasons": [reason.pk], "reasons": edited, "decide": "1"})

    app = Application.objects.get(pk=application.pk)
    assert app.state == "rejected"
    assert app.decision.reasons == edited
    assert Letter.objects.filter(application=app, kind=Letter.Kind.REJECTION).exists()


def test_it_requires_reasons_for_a_rejection(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita, recommendation="reject")
    client.force_login(anton)

    response = post(client, "reject", application, {"reasons": "", "decide": "1"})

    assert "Eine Begründung ist erforderlich." in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"


def test_it_notifies_the_applicant_with_the_letter(client, application, alice, rita, anton, run_tasks):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)
    post(client, "approve", application, {"amount": "8.000,00"})

    run_tasks()

    decision_mails = [m for m in mail.outbox if m.attachments and "Zuwendungsbescheid" in m.attachments[0][0]]
    assert len(decision_mails) == 1
    assert decision_mails[0].attachments[0][1] == Letter.objects.get(kind=Letter.Kind.APPROVAL).file.open("rb").read()


def test_it_offers_no_decision_in_the_wrong_state(client, application, alice, rita, anton):
    steps.approved(application, alice, rita, anton)
    client.force_login(anton)

    response = client.get(reverse("staff:approve", args=[application.pk]))

    assert response.status_code == 302
    assert Decision.objects.filter(application=application).count() == 1
