"""Personal data of finished files is deleted after the retention period."""

import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from funding.models import Application, Attachment, Message, ProofOfUse, Receipt
from funding.services.retention import ERASED, due_for_retention
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_closed_file(alice, organisation, line, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    app = ApplicationFactory(organisation=organisation, line=line, file_reference="MSO-2017-0042")
    Application.objects.filter(pk=app.pk).update(state="closed")
    proof = ProofOfUse.objects.create(application=app, submitted_at=timezone.now() - timedelta(days=6 * 366))
    Receipt.objects.create(proof=proof, date=date(2019, 5, 1), payee="Max Mustermann", purpose="Honorar", amount=Decimal("100.00"))
    Message.objects.create(application=app, sender=alice, body="Meine Telefonnummer ist 0170 1234567")
    attachment = Attachment(application=app, kind="quote", original_name="angebot.pdf", content_type="application/pdf")
    attachment.file.save("angebot.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return app


def test_it_finds_only_files_past_the_period(old_closed_file, organisation, line):
    recent = ApplicationFactory(organisation=organisation, line=line)
    Application.objects.filter(pk=recent.pk).update(state="closed")
    ProofOfUse.objects.create(application=recent, submitted_at=timezone.now() - timedelta(days=365))
    Message.objects.create(application=recent, body="noch aufzubewahren")
    assert list(due_for_retention(5)) == [old_closed_file]


def test_it_archives_then_erases_personal_data(old_closed_file, tmp_path):
    archive_dir = tmp_path / "archiv"
    archive_dir.mkdir()
    call_command("apply_retention", "--archive-dir", str(archive_dir), stdout=open("/dev/null", "w"))

    with zipfile.ZipFile(archive_dir / "MSO-2017-0042.zip") as archive:
        names = archive.namelist()
        assert "antrag.json" in names
        assert any(name.endswith("angebot.pdf") for name in names)
    assert not Attachment.objects.filter(application=old_closed_file).exists()
    assert Receipt.objects.get().payee == ERASED
    assert Message.objects.get().body == ERASED
    assert list(due_for_retention(5)) == []


def test_it_changes_nothing_in_a_dry_run(old_closed_file):
    call_command("apply_retention", "--dry-run", stdout=open("/dev/null", "w"))
    assert Attachment.objects.filter(application=old_closed_file).exists()
    assert Receipt.objects.get().payee == "Max Mustermann"


def test_it_erases_reasons_in_the_append_only_transition_log(old_closed_file):
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, transaction
    from django_fsm_log.models import StateLog

    log = StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Application), object_id=old_closed_file.pk,
        transition="request_changes", source_state="in_review", state="changes_requested",
        description="Bitte rufen Sie Frau Yilmaz unter 0170 7654321 an.",
    )
    with pytest.raises(DatabaseError), transaction.atomic():  # the log is append-only ...
        StateLog.objects.filter(pk=log.pk).update(description=ERASED)

    call_command("apply_retention", stdout=open("/dev/null", "w"))  # ... except for the retention service

    log.refresh_from_db()
    assert log.description == ERASED
    assert (log.transition, log.state) == ("request_changes", "changes_requested")
