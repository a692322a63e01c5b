"""The proof of use: narrative, figures beside the plan, receipts, submission."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funding.models import Application, Attachment, ProofLine, ProofOfUse, Receipt
from funding.services.proofs import proof_request_changes
from tests.applicants.conftest import PDF, costs_data

pytestmark = pytest.mark.django_db


def url(application, step):
    return f"/portal/antraege/{application.pk}/nachweis/{step}/"


NARRATIVE = {"activities": "20 Treffen im Bürgerhaus.", "participants_reached": "31", "results": "Viele sprechen mutiger.", "deviations": ""}


def test_it_saves_the_narrative_report(client, bob, approved):
    client.force_login(bob)
    response = client.post(url(approved, "sachbericht"), {**NARRATIVE, "weiter": "1"})
    assert response.url == url(approved, "zahlen")
    proof = ProofOfUse.objects.get(application=approved)
    assert proof.participants_reached == 31 and proof.activities.startswith("20 Treffen")


def test_it_writes_nothing_when_the_proof_is_only_looked_at(client, alice, approved):
    client.force_login(alice)
    for step in ("sachbericht", "zahlen", "belege", "anlagen", "einreichen"):
        assert client.get(url(approved, step)).status_code == 200
    assert not ProofOfUse.objects.exists()


def test_it_shows_the_plan_beside_the_actual_figures_and_warns_above_20_percent(client, alice, approved):
    line = approved.cost_lines.get()  # 10.000 € planned
    client.force_login(alice)
    data = {f"line_{line.pk}": "12.000,01", "own_funds_actual": "2.000", "grant_actual": "8000"}
    client.post(url(approved, "zahlen"), data)
    proof_line = ProofLine.objects.get()
    assert (proof_line.planned_amount, proof_line.actual_amount) == (Decimal("10000.00"), Decimal("12000.01"))
    assert ProofOfUse.objects.get().grant_actual == Decimal("8000.00")
    response = client.get(url(approved, "zahlen"))
    [row] = response.context["line_rows"]
    assert row["over"] is True
    content = response.content.decode()
    assert "10.000,00" in content and 'value="12.000,01"' in content
    assert f'id="over_{line.pk}"' in content and "Mehr als 20 % über dem Plan" in content
    client.post(url(approved, "zahlen"), {**data, f"line_{line.pk}": "12.000,00"})
    assert client.get(url(approved, "zahlen")).context["line_rows"][0]["over"] is False


def test_it_keeps_a_malformed_figure_for_correction(client, alice, approved):
    line = approved.cost_lines.get()
    client.force_login(alice)
    response = client.post(url(approved, "zahlen"), {f"line_{line.pk}": "zehntausend", "own_funds_actual": "5"})
    assert response.status_code == 200 and response.context["form"].errors[f"line_{line.pk}"]
    assert ProofOfUse.objects.get().own_funds_actual == Decimal("5.00")
    assert 'value="zehntausend"' in client.get(url(approved, "zahlen")).content.decode()


def receipts(rows):
    return costs_data(rows, prefix="belege")


def test_it_keeps_the_receipts_in_date_order_and_removes_rows(client, alice, approved):
    client.force_login(alice)
    rows = [
        {"date": "15.05.2025", "payee": "Bäckerei Rheine", "purpose": "Kuchen", "amount": "45,80"},
        {"date": "2025-03-02", "payee": "Copyshop", "purpose": "Flyer", "amount": "120", "category": "public_relations"},
        {"date": "2025-04-01", "payee": "Falsch", "purpose": "Doppelt", "amount": "1", "DELETE": "on"},
    ]
    client.post(url(approved, "belege"), receipts(rows))
    assert list(Receipt.objects.values_list("payee", flat=True)) == ["Copyshop", "Bäckerei Rheine"]
    client.post(url(approved, "belege"), receipts(rows[:1]))
    assert list(Receipt.objects.values_list("payee", flat=True)) == ["Bäckerei Rheine"]


def test_it_explains_a_receipt_from_the_future(client, alice, approved):
    client.force_login(alice)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url(approved, "belege"), receipts([{"date": tomorrow, "payee": "X", "purpose": "Y", "amount": "5"}]))
    assert "in der Zukunft" in response.context["form"].forms[0].errors["date"][0]
    assert not Receipt.objects.exists()


def test_it_takes_proof_attachments(client, alice, approved):
    client.force_login(alice)
    file = SimpleUploadedFile("rechnung.pdf", PDF)
    client.post(f"/portal/antraege/{approved.pk}/nachweis/anlagen/", {"file": file})
    attachment = Attachment.objects.get()
    assert attachment.kind == "proof"
    client.post(f"/portal/antraege/{approved.pk}/anlagen/{attachment.pk}/loeschen/")
    assert not Attachment.objects.exists()


def test_it_lists_what_is_missing_before_submission(client, alice, approved):
    client.force_login(alice)
    response = client.get(url(approved, "einreichen"))
    messages = [problem.message for problem, _url in response.context["problems"]]
    assert "Bitte beschreiben Sie, was durchgeführt wurde." in messages
    assert "Bitte tragen Sie Ihre Belege in die Belegliste ein." in messages
    client.post(url(approved, "einreichen"))
    assert Application.objects.get(pk=approved.pk).state == "approved"


def _fill(client, application):
    line = application.cost_lines.get()
    client.post(url(application, "sachbericht"), NARRATIVE)
    client.post(url(application, "zahlen"), {f"line_{line.pk}": "9.500", "grant_actual": "8000"})
    client.post(url(application, "belege"), receipts([{"date": "2025-03-02", "payee": "Copyshop", "purpose": "Flyer", "amount": "9500"}]))


def test_it_submits_the_proof(client, alice, approved, run_tasks):
    client.force_login(alice)
    _fill(client, approved)
    response = client.post(url(approved, "einreichen"))
    assert response.url == f"/portal/antraege/{approved.pk}/"
    assert Application.objects.get(pk=approved.pk).state == "proof_submitted"
    assert ProofOfUse.objects.get().submitted_by == alice
    run_tasks()
    assert any("Verwendungsnachweis" in m.subject for m in mail.outbox)
    assert client.get(url(approved, "sachbericht")).url == url(approved, "einreichen")


def test_it_lets_only_representatives_submit_the_proof(client, bob, approved):
    client.force_login(bob)
    _fill(client, approved)
    assert client.post(url(approved, "einreichen")).status_code == 403
    assert Application.objects.get(pk=approved.pk).state == "approved"


def test_it_reopens_the_proof_after_a_request_for_changes(client, alice, proof_submitted, rita):
    proof_request_changes(application=proof_submitted, user=rita, message="Bitte Beleg für die Miete.")
    client.force_login(alice)
    content = client.get(f"/portal/antraege/{proof_submitted.pk}/").content.decode()
    assert "Bitte Beleg für die Miete." in content and "Verwendungsnachweis ausfüllen" in content
    client.post(url(proof_submitted, "sachbericht"), {**NARRATIVE, "deviations": "Miete war teurer."})
    client.post(url(proof_submitted, "einreichen"))
    assert Application.objects.get(pk=proof_submitted.pk).state == "proof_submitted"


def test_it_answers_404_before_approval(client, alice, submitted):
    client.force_login(alice)
    assert client.get(url(submitted, "sachbericht")).status_code == 404
