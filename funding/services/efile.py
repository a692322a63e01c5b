"""E-file exports: one application as a download, a whole call as a background job, the archive hand-over.

Every export is written to a temporary file (``efile_temp``) and streamed
from there; no ZIP is held in memory.
"""

import hashlib
import logging
import tempfile
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from funding.efile import CHUNK, efile_write
from funding.models import Application, EfileExportJob
from funding.services.jobs import job_create, job_run, job_store_handle, job_update
from funding.services.transitions import WorkflowError
from funding.workflow import State

logger = logging.getLogger(__name__)


def efile_name(application):
    return f"E-Akte_{application.file_reference or application.pk}.zip"


def efile_temp(application):
    """The e-file ZIP of ``application`` in a temporary file, positioned at its start.

    The file disappears when it is closed (a ``FileResponse`` closes it after
    sending).
    """
    handle = tempfile.TemporaryFile()
    try:
        efile_write(_loaded(application.pk), handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


def _loaded(pk):
    related = ("call__programme__authority", "line", "organisation", "proof")
    return Application.objects.select_related(*related).get(pk=pk)


def efile_archive(application, directory):
    """Writes the e-file of ``application`` as ``<file reference>.zip`` into ``directory`` (the archive hand-over)."""
    path = Path(directory) / f"{application.file_reference or application.pk}.zip"
    with open(path, "wb") as target:
        efile_write(_loaded(application.pk), target)
    return path


def call_applications(call):
    """The applications of ``call`` an e-file export covers: every one that was submitted."""
    return Application.objects.filter(call=call).exclude(state=State.DRAFT).order_by("file_reference", "pk")


def efile_job_create(*, user, call):
    """Queues the export of every submitted application of ``call``."""
    total = call_applications(call).count()
    if not total:
        raise WorkflowError(_("Zu diesem Aufruf ist noch kein Antrag eingegangen."))
    return job_create(EfileExportJob, created_by=user, call=call, total=total, stage=_("Wartet auf Bearbeitung"))


def efile_job_run(job_id):
    return job_run(EfileExportJob, job_id, _export_call)


def _export_call(job):
    job_update(job, done=0, stage=_("E-Akten werden zusammengestellt"))
    stamp = timezone.localtime(job.created_at).timetuple()[:6]
    ids = list(call_applications(job.call).values_list("pk", flat=True))
    sums = []
    with tempfile.TemporaryFile() as outer:
        with ZipFile(outer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            for done, pk in enumerate(ids, start=1):
                sums.append(_add_application(archive, stamp, Application.objects.get(pk=pk)))
                job_update(job, done=done, total=len(ids), progress=min(round(100 * done / len(ids)), 99))
            listing = "".join(f"{digest}  {name}\n" for name, digest in sums).encode()
            archive.writestr(ZipInfo("SHA256SUMS", date_time=stamp), listing, compress_type=ZIP_DEFLATED)
        outer.seek(0)
        job_store_handle(job, f"e-akten-{job.pk}.zip", outer, _file_sha256(outer), stage=_("Fertig"))


def _add_application(archive, stamp, application):
    """Copies the application's e-file ZIP into the call's ZIP; returns (name, SHA-256)."""
    name = efile_name(application)
    digest = hashlib.sha256()
    with efile_temp(application) as inner:
        info = ZipInfo(name, date_time=stamp)
        with archive.open(info, "w", force_zip64=True) as out:
            while chunk := inner.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
    return name, digest.hexdigest()


def _file_sha256(handle):
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()

