"""Fixtures of the portal tests: uploads in a temporary directory, complete
organisations, applications in later states reached through the services."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from applicants.models import Invitation
from funding import roles
from funding.models import Application, Attachment, Letter
from funding.services import applications as app_services
from funding.services import proofs
from funding.services.letters import store_letter
from tests.factories import ApplicationFactory, DocumentFactory, UserFactory, municipality
from tests.funding import steps


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and letters go to a temporary directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(kind="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, kind)
    return buffer.getvalue()


def blank_pdf(prepare=None):
    """A real one-page PDF; ``prepare(writer)`` may add to it before it is written."""
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    if prepare is not None:
        prepare(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = blank_pdf()


@pytest.fixture
def draft(application, documents):
    """A complete draft that can be submitted as it is (starting in a month)."""
    start = timezone.localdate() + timedelta(days=30)
    Application.objects.filter(pk=application.pk).update(
        start_date=start, end_date=start + timedelta(days=180), summary="Ein Sprachcafé.", goals="Deutsch üben.",
        target_group="Neu Zugewanderte", activities="Wöchentliche Treffen.", expected_participants=20,
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def submitted(draft, alice):
    return app_services.application_submit(application=draft, user=alice)


@pytest.fixture
def changes_requested(submitted, rita):
    app = app_services.application_start_review(application=submitted, user=rita)
    return app_services.application_request_changes(application=app, user=rita, message="Bitte Angebot hochladen.")


@pytest.fixture
def approved(submitted, rita, anton):
    app = steps.complete_review(app_services.application_start_review(application=submitted, user=rita), rita)
    return app_services.application_approve(no_conflict=True, application=app, user=anton, amount=app.requested_amount)


@pytest.fixture
def proof_submitted(approved, alice):
    from applicants.services.proofs import proof_receipts_replace, proof_save_figures, proof_save_narrative

    proof_save_narrative(
        application=approved, user=alice, values={"activities": "Treffen", "results": "Gut", "participants_reached": 12}
    )
    line = approved.cost_lines.get()
    proof_save_figures(application=approved, user=alice, lines={line.pk: line.amount}, income={})
    proof_receipts_replace(application=approved, user=alice, rows=[_receipt()])
    return proofs.proof_submit(application=approved, user=alice)


def _receipt():
    from datetime import date
    from decimal import Decimal

    return {"date": date(2025, 3, 5), "payee": "Druckerei", "purpose": "Flyer", "amount": Decimal("100.00"), "category": ""}


@pytest.fixture
def other_application(charlie):
    """An application of charlie's organisation."""
    organisation = charlie.memberships.get().organisation
    return ApplicationFactory(organisation=organisation, created_by=charlie)


def project_data(**changes):
    start = timezone.localdate() + timedelta(days=40)
    data = {
        "title": "Sprachcafé", "summary": "Ein offener Treff.", "goals": "Deutsch üben.",
        "target_group": "Neu Zugewanderte", "activities": "Jeden Dienstag.", "expected_participants": "25",
        "municipality": str(municipality().pk), "start_date": start.isoformat(), "end_date": (start + timedelta(days=90)).isoformat(),
        "early_start_reason": "",
    }
    return {**data, **changes}


def costs_data(rows, prefix="kosten"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


@pytest.fixture
def objects(alice, bob, organisation, draft, line):
    """One object of each kind, all belonging to alice's organisation."""
    approved = ApplicationFactory(organisation=organisation, line=line)
    rita, anton = UserFactory(username="r2", roles=[roles.REVIEWER]), UserFactory(username="a2", roles=[roles.APPROVER])
    approved = app_services.application_submit(application=approved, user=alice)
    approved = steps.complete_review(app_services.application_start_review(application=approved, user=rita), rita)
    approved = app_services.application_approve(no_conflict=True, application=approved, user=anton, amount=approved.requested_amount)
    attachment = Attachment(application=draft, kind="quote", original_name="a.pdf", content_type="application/pdf", size=3)
    attachment.file.save("a.pdf", ContentFile(PDF))
    return {
        "organisation": organisation,
        "draft": draft,
        "approved": approved,
        "document": DocumentFactory(organisation=organisation),
        "invitation": Invitation.objects.create(organisation=organisation, email="x@example.org"),
        "membership": bob.memberships.get(),
        "attachment": attachment,
        "letter": store_letter(approved, Letter.Kind.RECEIPT, b"%PDF-1.4"),
    }
