"""Bulk letters: the Bescheide of many decisions as one ZIP, in the background.

Letters that exist are added unchanged; a missing one is produced once and
stored like any other. The ZIP carries a SHA256SUMS file, so whoever files
the letters can prove that each one is the stored original.
"""

import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.letters import sha256_hex
from funding.models import BulkLetterJob
from funding.services.letters import letter_bytes, send_decision_letter
from funding.services.transitions import WorkflowError

logger = logging.getLogger(__name__)

MAX_APPLICATIONS = 500


def bulk_job_create(*, user, applications, description=""):
    """Queues a job for the decided applications among ``applications``."""
    ids = list(applications.filter(decision__isnull=False).order_by("file_reference").values_list("pk", flat=True))
    if not ids:
        raise WorkflowError(_("In der Auswahl ist kein entschiedener Antrag."))
    if len(ids) > MAX_APPLICATIONS:
        raise WorkflowError(
            _("Bitte wählen Sie höchstens %(max)s Anträge aus (gewählt: %(count)s).")
            % {"max": MAX_APPLICATIONS, "count": len(ids)}
        )
    from funding.tasks import run_bulk_letter_job

    with transaction.atomic():
        job = BulkLetterJob.objects.create(
            created_by=user, application_ids=ids, total=len(ids), description=description[:300]
        )
        run_bulk_letter_job.enqueue(job_id=job.pk)
    return job


def bulk_job_run(job_id):
    """Adds each decision letter to the ZIP, updating the counters as it goes."""
    job = BulkLetterJob.objects.get(pk=job_id)
    if job.status == BulkLetterJob.Status.FINISHED:
        return job
    _progress(job, status=BulkLetterJob.Status.RUNNING, done=0, failed=0, errors=[])
    buffer, sums = io.BytesIO(), []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application_id in job.application_ids:
            _add_letter(job, archive, sums, application_id)
        archive.writestr("SHA256SUMS", "".join(f"{digest}  {name}\n" for name, digest in sums))
    data = buffer.getvalue()
    job.file.save(f"bescheide-{job.pk}.zip", ContentFile(data), save=False)
    job.sha256, job.status, job.finished_at = sha256_hex(data), BulkLetterJob.Status.FINISHED, timezone.now()
    job.save()
    return job


def _add_letter(job, archive, sums, application_id):
    try:
        letter = send_decision_letter(application_id, job.created_by_id)
        name = f"{letter.application.file_reference}_{letter.get_kind_display()}.pdf".replace(" ", "_")
        archive.writestr(name, letter_bytes(letter))
        sums.append((name, letter.sha256))
        job.done += 1
    except Exception as exc:  # noqa: BLE001 - one broken letter must not stop the others
        logger.exception("bulk letter job %s: application %s failed", job.pk, application_id)
        job.failed += 1
        job.errors.append({"application_id": application_id, "error": str(exc)[:300]})
    _progress(job, done=job.done, failed=job.failed, errors=job.errors)


def _progress(job, **fields):
    for name, value in fields.items():
        setattr(job, name, value)
    BulkLetterJob.objects.filter(pk=job.pk).update(**fields)
