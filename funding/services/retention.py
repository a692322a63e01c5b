"""Retention: personal data of finished files is deleted after the period.

Receipts are kept for a configurable number of years (default 5) after the
proof of use; for files that ended without a grant the period runs from the
decision or withdrawal. Before anything is deleted, the file's documents
can be written to an archive folder (one ZIP per file), since public files
are offered to the archive first. Letters (Bescheide) are official records
and are kept, as are the amounts and the change history.
"""

import json
from datetime import timedelta
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_fsm_log.models import StateLog

from funding.models import Application, Attachment, Message, Note, Receipt
from funding.records import records_unlocked
from funding.workflow import FINAL_STATES

ERASED = "[gelöscht]"


def due_for_retention(years, now=None):
    """Finished applications whose retention period has passed and that still hold personal data."""
    cutoff = (now or timezone.now()) - timedelta(days=round(365.25 * years))
    ended = Q(proof__submitted_at__lt=cutoff) | Q(proof__submitted_at__isnull=True, updated_at__lt=cutoff)
    mine = {"application": OuterRef("pk")}
    holds_data = (
        Exists(Attachment.objects.filter(**mine))
        | Exists(Receipt.objects.filter(proof__application=OuterRef("pk")).exclude(payee=ERASED))
        | Exists(Message.objects.filter(**mine).exclude(body=ERASED))
        | Exists(Note.objects.filter(**mine).exclude(body=ERASED))
    )
    return Application.objects.filter(ended, holds_data, state__in=FINAL_STATES)


def archive_application(application, directory):
    """Writes letters, attachments and the core data of a file into one ZIP."""
    path = Path(directory) / f"{application.file_reference or application.pk}.zip"
    with ZipFile(path, "w", ZIP_DEFLATED) as archive:
        archive.writestr("antrag.json", json.dumps(_summary(application), ensure_ascii=False, indent=2, default=str))
        for letter in application.letters.all():
            archive.writestr(f"schreiben/{letter.kind}-{letter.pk}.pdf", letter.file.read())
        for attachment in application.attachments.all():
            archive.writestr(f"anlagen/{attachment.pk}-{attachment.original_name}", attachment.file.read())
    return path


def erase_personal_data(application):
    """Deletes uploads and blanks free text that may name people.

    The reasons written into the transition log (change requests, comments)
    are blanked too. That table is append-only (funding/records.py); this is
    the one service that lifts the guard, for this transaction only.
    """
    with records_unlocked():
        for attachment in Attachment.objects.filter(application=application):
            attachment.file.delete(save=False)
            attachment.delete()
        Receipt.objects.filter(proof__application=application).update(payee=ERASED)
        Message.objects.filter(application=application).update(body=ERASED, subject="")
        Note.objects.filter(application=application).update(body=ERASED)
        _transition_log(application).exclude(description__isnull=True).exclude(description="").update(
            description=ERASED
        )


def _transition_log(application):
    content_type = ContentType.objects.get_for_model(Application)
    return StateLog.objects.filter(content_type=content_type, object_id=application.pk)


def _summary(application):
    return {
        "aktenzeichen": application.file_reference,
        "titel": application.title,
        "organisation": application.organisation.name,
        "status": application.get_state_display(),
        "beantragt": application.requested_amount,
        "bewilligt": application.approved_amount,
        "eingegangen": application.submitted_at,
        "entschieden": application.decided_at,
        "zeitraum": [application.start_date, application.end_date],
    }
