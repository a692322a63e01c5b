"""Decisions by the Leitung: approval, partial approval, rejection, the letter at once."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from funding import roles
from funding.models import Application, ApproverDeclaration, Decision, Letter
from funding.services import applications as services
from funding.services import reviews
from funding.services.transitions import WorkflowError
from tests.factories import ApplicationFactory, LineFactory, ScoreCriterionFactory, StandardReasonFactory, UserFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def post(client, name, app, data):
    """Posts the decision form with the approver's declaration of no conflict, unless ``data`` says otherwise."""
    return client.post(reverse(f"staff:{name}", args=[app.pk]), {"no_conflict": "on", **data})


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

    line = application.cost_lines.get()
    post(client, "approve", application, {
        "amount": "6.000,00", "reasons": "Honorare zu hoch angesetzt.", f"line_{line.pk}": "7.500,00",
        f"reason_{line.pk}": "Honorare über dem ortsüblichen Satz.",
    })

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


# --- Only after a finished review; the approver's declaration and recusal ----------------


def test_it_refuses_a_decision_before_the_review_is_complete(client, application, alice, rita, anton):
    steps.in_review(application, alice, rita)
    client.force_login(anton)

    for name, data in (("approve", {"amount": "8.000,00"}), ("reject", {"reasons": "Kein Bedarf.", "decide": "1"})):
        response = post(client, name, application, data)
        assert response.status_code == 200
        assert "erst nach einer abgeschlossenen Prüfung mit Empfehlung und Prüfvermerk" in response.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"
    assert not Decision.objects.filter(application=application).exists()


def test_it_cannot_reject_straight_from_eingegangen(application, alice, anton):
    app = steps.submitted(application, alice)
    with pytest.raises(WorkflowError, match="Status"):
        services.application_reject(no_conflict=True, application=app, user=anton, reasons="Unzulässig.")


def test_a_formal_rejection_needs_no_scores_but_a_pruefvermerk(application, alice, rita, anton, line):
    ScoreCriterionFactory(call=line.call)
    app = steps.in_review(application, alice, rita)
    checklist = {row["key"]: {"auto": row["auto"], "ok": True} for row in reviews.automatic_checks(app)}
    checklist["documents_complete"]["ok"] = False
    with pytest.raises(WorkflowError, match="Prüfvermerk"):
        reviews.review_save(application=app, user=rita, checklist=checklist, scores={}, recommendation="reject",
                            recommended_amount=None, note="", complete=True)
    with pytest.raises(WorkflowError, match="alle Kriterien"):  # a rejection on the merits is scored
        reviews.review_save(application=app, user=rita, checklist={}, scores={}, recommendation="reject",
                            recommended_amount=None, note="Nicht förderfähig.", complete=True)
    reviews.review_save(application=app, user=rita, checklist=checklist, scores={}, recommendation="reject",
                        recommended_amount=None, note="Unzulässig: Satzung fehlt trotz Nachforderung.", complete=True)

    app = services.application_reject(no_conflict=True, application=app, user=anton, reasons="Die Satzung fehlt.")
    assert app.state == "rejected"


def test_the_approver_declares_no_conflict_and_it_is_recorded(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)
    page = client.get(reverse("staff:approve", args=[application.pk])).content.decode()
    assert "keine Befangenheit besteht" in page and "Befangenheit erklären" in page

    refused = post(client, "approve", application, {"amount": "8.000,00", "no_conflict": ""})
    assert "Bitte erklären Sie, dass bei Ihnen keine Befangenheit besteht." in refused.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"

    post(client, "approve", application, {"amount": "8.000,00"})
    declaration = ApproverDeclaration.objects.get(application=application)
    assert (declaration.approver, declaration.has_conflict) == (anton, False)
    assert Application.objects.get(pk=application.pk).state == "approved"


def test_a_conflicted_approver_is_recused(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita)
    client.force_login(anton)

    response = client.post(reverse("staff:decision_recuse", args=[application.pk]), {"note": "Mein Bruder ist Vorstand."})

    assert response.status_code == 302
    assert ApproverDeclaration.objects.get(application=application, approver=anton).has_conflict
    assert application.notes.filter(author=anton, body__contains="Mein Bruder ist Vorstand.").exists()
    assert client.get(reverse("staff:approve", args=[application.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.application_approve(no_conflict=True, application=application, user=anton, amount=Decimal("8000.00"))
    other = UserFactory(username="leitung2", roles=[roles.APPROVER])
    app = services.application_approve(no_conflict=True, application=application, user=other, amount=Decimal("8000.00"))
    assert app.state == "approved"


# --- Reasons prefilled from the review (§ 39 Abs. 1 VwVfG NRW) ---------------------------


def test_a_rejection_names_the_rule_not_met(client, application, alice, rita, anton):
    app = steps.in_review(application, alice, rita)
    checklist = {row["key"]: {"auto": row["auto"], "ok": True} for row in reviews.automatic_checks(app)}
    checklist["seat_in_district"]["ok"] = False
    reviews.review_save(application=app, user=rita, checklist=checklist, scores={}, recommendation="reject",
                        recommended_amount=None, note="Sitz außerhalb des Kreises.", complete=True)
    client.force_login(anton)

    form = client.get(reverse("staff:reject", args=[app.pk])).context["form"]

    assert form["reasons"].value().startswith("Die Fördervoraussetzung „Sitz im Kreis“ ist nicht erfüllt. Sitz in")


def test_a_rejection_for_lack_of_budget_names_score_rank_and_cut_off(client, alice, rita, anton, organisation, line, documents):
    criterion = ScoreCriterionFactory(call=line.call)
    better = ApplicationFactory(organisation=organisation, line=line)
    worse = ApplicationFactory(organisation=organisation, line=line)
    steps.reviewed(better, alice, rita, scores={criterion: 4})
    services.application_approve(no_conflict=True, application=better, user=anton, amount=better.requested_amount)
    steps.reviewed(worse, alice, rita, recommendation="reject", scores={criterion: 2})
    client.force_login(anton)

    reasons = client.get(reverse("staff:reject", args=[worse.pk])).context["form"]["reasons"].value()

    assert "mit 2 von 5 Punkten bewertet" in reasons
    assert "In der Rangfolge der 2 bewerteten Anträge steht er auf Platz 2." in reasons
    assert "mit mindestens 4 Punkten" in reasons
    response = post(client, "reject", worse, {"reasons": reasons, "decide": "1"})
    assert response.status_code == 302
    assert "Platz 2" in Application.objects.get(pk=worse.pk).decision.reasons


def test_a_teilbewilligung_is_prefilled_with_the_cost_lines_to_explain(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita, recommendation="approve_reduced", amount=Decimal("6000.00"))
    client.force_login(anton)

    form = client.get(reverse("staff:approve", args=[application.pk])).context["form"]
    line = application.cost_lines.get()

    assert "Beantragt wurden 8.000,00\u00a0€, bewilligt werden 6.000,00\u00a0€." in form["reasons"].value()
    assert "zuwendungsfähige Ausgaben von 7.500,00\u00a0€ statt 10.000,00\u00a0€" in form["reasons"].value()
    assert form[f"line_{line.pk}"].value() == "10.000,00"  # the approver enters what is recognised
    refused = post(client, "approve", application, {"amount": "6.000,00", "reasons": "…"})
    assert "an den mit „…“ markierten Stellen" in refused.content.decode()
    assert Application.objects.get(pk=application.pk).state == "in_review"


def test_a_teilbewilligung_checks_each_cost_line_and_keeps_the_input(client, application, alice, rita, anton):
    steps.reviewed(application, alice, rita, recommendation="approve_reduced", amount=Decimal("6000.00"))
    client.force_login(anton)
    line = application.cost_lines.get()
    data = {"amount": "6.000,00", "reasons": "Die Honorare sind zu hoch angesetzt."}

    too_high = post(client, "approve", application, {**data, f"line_{line.pk}": "10.500,00"})
    no_reason = post(client, "approve", application, {**data, f"line_{line.pk}": "7.500,00"})
    wrong_sum = post(client, "approve", application, {**data, f"line_{line.pk}": "7.000,00", f"reason_{line.pk}": "zu hoch"})

    assert "höchstens mit dem beantragten Betrag von 10.000,00\u00a0€ anerkannt werden" in too_high.content.decode()
    assert "Bitte begründen Sie die Kürzung der Kostenposition „Honorare“" in no_reason.content.decode()
    page = wrong_sum.content.decode()
    assert "ergeben 7.000,00\u00a0€. Bei Anteilfinanzierung" in page and "7.500,00\u00a0€" in page
    assert wrong_sum.context["form"][f"reason_{line.pk}"].value() == "zu hoch"  # the form keeps the input
    assert not Decision.objects.filter(application=application).exists()

    done = post(client, "approve", application, {**data, f"line_{line.pk}": "7.500,00", f"reason_{line.pk}": "ortsüblich"})

    assert done.status_code == 302
    approved = Decision.objects.get(application=application).cost_lines.get()
    assert (approved.approved_amount, approved.reason) == (Decimal("7500.00"), "ortsüblich")
