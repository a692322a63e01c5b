"""Submitting, resubmitting after a Nachforderung, and withdrawing."""

from decimal import Decimal

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from applicants.models import FormDraft
from applicants.services.submission import application_submit_by_applicant
from funding.models import Application, Letter
from tests.applicants.conftest import project_data

pytestmark = pytest.mark.django_db
DECLARATIONS = {
    "declared_truthful": "on",
    "declared_not_started": "on",
    "declared_no_double_funding": "on",
    "declared_data_consent": "on",
}


def submit_url(application):
    return f"/portal/antraege/{application.pk}/einreichen/"


def pdf_text(data):
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_it_submits_with_the_declarations_and_sends_the_receipt(client, alice, draft, run_tasks):
    client.force_login(alice)
    response = client.post(submit_url(draft), DECLARATIONS)
    assert response.url == f"/portal/antraege/{draft.pk}/"
    app = Application.objects.get(pk=draft.pk)
    assert app.state == "submitted" and app.file_reference and app.declared_by == alice and app.declared_at
    run_tasks()
    receipt = next(m for m in mail.outbox if "Eingangsbestätigung" in m.subject)
    assert draft.organisation.email in receipt.to
    name, content, mimetype = receipt.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF") and app.file_reference in pdf_text(content)


def test_it_stores_the_submitted_application_as_pdf(client, alice, draft, run_tasks):
    client.force_login(alice)
    client.post(submit_url(draft), DECLARATIONS)
    run_tasks()
    letter = Letter.objects.get(application=draft, kind="application")
    text = pdf_text(letter.file.read())
    assert "Sprachcafé" in text and "Erklärt von Erika Muster" in text
    response = client.get(f"/portal/antraege/{draft.pk}/pdf/")
    assert response["Content-Disposition"].startswith("attachment")


def test_it_needs_every_declaration(client, alice, draft):
    client.force_login(alice)
    response = client.post(submit_url(draft), {**DECLARATIONS, "declared_data_consent": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["declared_data_consent"] == ["Bitte bestätigen Sie diese Erklärung."]
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_it_lets_only_representatives_submit(client, bob, draft):
    client.force_login(bob)
    page = client.get(submit_url(draft)).content.decode()
    assert "Einreichen kann nur eine vertretungsberechtigte Person" in page and "Erika Muster" in page
    assert client.post(submit_url(draft), DECLARATIONS).status_code == 403
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_it_lists_what_is_missing_and_refuses_to_submit(client, alice, draft):
    Application.objects.filter(pk=draft.pk).update(requested_amount=Decimal("20000"))
    client.force_login(alice)
    page = client.get(submit_url(draft))
    messages = [problem.message for problem, _url in page.context["problems"]]
    assert any("höchstens 15.000,00" in m for m in messages)
    assert f"/portal/antraege/{draft.pk}/schritt/finanzierung/?pruefen=1" in page.content.decode()
    response = client.post(submit_url(draft), DECLARATIONS)
    assert "höchstens 15.000,00" in " ".join(response.context["form"].non_field_errors())
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_it_refuses_to_submit_while_a_step_has_unsaved_input(client, alice, draft):
    FormDraft.objects.create(application=draft, step="kosten", data={"kosten-0-amount": ["zwölf"]})
    client.force_login(alice)
    client.post(submit_url(draft), DECLARATIONS)
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_it_resubmits_after_a_request_for_changes(client, alice, changes_requested, run_tasks):
    client.force_login(alice)
    page = client.get(f"/portal/antraege/{changes_requested.pk}/").content.decode()
    assert "Bitte Angebot hochladen." in page and "Erneut einreichen" in page
    client.post(f"/portal/antraege/{changes_requested.pk}/schritt/projekt/autosave/", project_data(title="Sprachcafé plus"))
    response = client.post(submit_url(changes_requested), DECLARATIONS)
    app = Application.objects.get(pk=changes_requested.pk)
    assert response.status_code == 302 and app.state == "in_review" and app.title == "Sprachcafé plus"
    run_tasks()
    assert any("Geänderter Antrag" in m.subject for m in mail.outbox)
    letter = Letter.objects.get(application=app, kind="application")
    assert "Sprachcafé plus" in pdf_text(letter.file.read())


def test_it_withdraws_after_asking_once_more(client, bob, submitted, run_tasks):
    client.force_login(bob)
    page = client.get(f"/portal/antraege/{submitted.pk}/zurueckziehen/").content.decode()
    assert "wirklich zurückziehen" in page
    assert Application.objects.get(pk=submitted.pk).state == "submitted"
    client.post(f"/portal/antraege/{submitted.pk}/zurueckziehen/", {"reason": "Raum fehlt"})
    assert Application.objects.get(pk=submitted.pk).state == "withdrawn"
    run_tasks()
    assert any("zurückgezogen" in m.subject for m in mail.outbox)


def test_it_does_not_withdraw_an_approved_application(client, alice, approved):
    client.force_login(alice)
    response = client.post(f"/portal/antraege/{approved.pk}/zurueckziehen/")
    assert response.status_code == 302 and Application.objects.get(pk=approved.pk).state == "approved"


def test_it_does_not_submit_twice(client, alice, submitted):
    client.force_login(alice)
    assert client.post(submit_url(submitted), DECLARATIONS).url == f"/portal/antraege/{submitted.pk}/"
    assert Application.objects.get(pk=submitted.pk).file_reference == submitted.file_reference


def test_it_locks_the_call_once_per_submission(alice, draft):
    call_row = re.compile(r'FROM "funding_fundingcall" WHERE "funding_fundingcall"."id" = ')
    with CaptureQueriesContext(connection) as queries:
        application_submit_by_applicant(application=draft, user=alice)

    reads = [query["sql"] for query in queries.captured_queries if call_row.search(query["sql"])]
    assert len(reads) == 1, reads
    assert reads[0].endswith("FOR UPDATE") == connection.features.has_select_for_update
