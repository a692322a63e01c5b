"""Bulk letters: the Bescheide of many decisions as one ZIP, in the background.

Letters that exist are added unchanged; a missing one is produced once and
stored like any other. The ZIP carries a SHA256SUMS file, so whoever files
the letters can prove that each one is the stored original. The ZIP itself
is reproducible (fixed entry dates), so a job run twice gives the same file.
"""

import io
import logging
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import BulkLetterJob
from funding.services.jobs import job_create, job_run, job_store_file, job_update
from funding.services.letters import letter_bytes, send_decision_letter
from funding.services.transitions import WorkflowError

logger = logging.getLogger(__name__)

MAX_APPLICATIONS = 500


def bulk_job_create(*, user, applications, description=""):
    """Queues a job for the decided applications among ``applications``; the job belongs to their authority."""
    ids = list(applications.filter(decision__isnull=False).order_by("file_reference").values_list("pk", flat=True))
    if not ids:
        raise WorkflowError(_("In der Auswahl ist kein entschiedener Antrag."))
    if len(ids) > MAX_APPLICATIONS:
        raise WorkflowError(
            _("Bitte wählen Sie höchstens %(max)s Anträge aus (gewählt: %(count)s).")
            % {"max": MAX_APPLICATIONS, "count": len(ids)}
        )
    authorities = set(applications.filter(pk__in=ids).values_list("call__programme__authority", flat=True))
    if len(authorities) > 1:
        raise WorkflowError(_("Die Auswahl enthält Anträge mehrerer Behörden. Bitte wählen Sie einen Förderaufruf."))
    return job_create(
        BulkLetterJob, created_by=user, authority_id=authorities.pop(), application_ids=ids, total=len(ids),
        description=description[:300],
        stage=_("Wartet auf Bearbeitung"),
    )


def bulk_job_run(job_id):
    """Adds each decision letter to the ZIP, updating the counters as it goes."""
    return job_run(BulkLetterJob, job_id, _collect)


def _collect(job):
    job_update(job, done=0, failed=0, errors=[], stage=_("Bescheide werden zusammengestellt"))
    buffer, sums = io.BytesIO(), []
    stamp = timezone.localtime(job.created_at).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application_id in job.application_ids:
            _add_letter(job, archive, sums, stamp, application_id)
        _write(archive, stamp, "SHA256SUMS", "".join(f"{digest}  {name}\n" for name, digest in sums).encode())
    job_store_file(job, f"bescheide-{job.pk}.zip", buffer.getvalue(), stage=_("Fertig"))


def _write(archive, stamp, name, data):
    archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data, compress_type=zipfile.ZIP_DEFLATED)


def _add_letter(job, archive, sums, stamp, application_id):
    try:
        letter = send_decision_letter(application_id, job.created_by_id)
        name = letter.download_name()
        _write(archive, stamp, name, letter_bytes(letter))
        sums.append((name, letter.sha256))
        job.done += 1
    except Exception as exc:  # noqa: BLE001 - one broken letter must not stop the others
        logger.exception("bulk letter job %s: application %s failed", job.pk, application_id)
        job.failed += 1
        job.errors.append({"application_id": application_id, "error": str(exc)[:300]})
    percent = round(100 * (job.done + job.failed) / job.total) if job.total else 100
    job_update(job, done=job.done, failed=job.failed, errors=job.errors, progress=min(percent, 99))
