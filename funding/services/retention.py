"""Retention: personal data of finished files is deleted after the period.

Receipts are kept for a configurable number of years (default 5) after the
proof of use; for files that ended without a grant the period runs from the
decision or withdrawal. Before anything is deleted, the file's documents
can be written to an archive folder (one ZIP per file, the e-file export
of ``funding.efile`` with its xdomea index), since public files
are offered to the archive first. Letters (Bescheide) are official records
and are kept, as are the amounts and the change history.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_fsm_log.models import StateLog

from funding.models import Application, Attachment, Message, Note, Receipt
from funding.records import records_unlocked
from funding.services.efile import efile_archive
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
    """Writes the file's e-file export (every document and the xdomea index) as one ZIP into ``directory``."""
    return efile_archive(application, directory)


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

