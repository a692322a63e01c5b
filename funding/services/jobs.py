"""Running background jobs (``BackgroundJob`` subclasses): start, progress, fail, restart.

A job's code is idempotent: a job run again after its worker died (or
after a restart from its page) starts over and reuses what the first run
stored (letters are stored once; the ZIP and the report are rebuilt).
"""

import logging

from django.apps import apps
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.letters import sha256_hex
from funding.models import BackgroundJob
from funding.services.transitions import WorkflowError

logger = logging.getLogger(__name__)
Status = BackgroundJob.Status
MAX_REASON = 2000


def job_enqueue(job):
    """Queues the job's task in the current transaction and remembers the task's id."""
    result = job.enqueue_task()
    job.task_id = str(result.id)
    type(job).objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def job_create(model, **fields):
    """A new job row and its task, committed together or not at all."""
    with transaction.atomic():
        job = model.objects.create(**fields)
        return job_enqueue(job)


def job_update(job, **fields):
    """Writes ``fields`` to the row at once (the progress page reads them) and to ``job``."""
    type(job).objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        if not hasattr(value, "resolve_expression"):
            setattr(job, name, value)


def job_run(model, job_id, work):
    """Runs ``work(job)``: RUNNING, then DONE, or FAILED with the reason (and re-raised).

    A job that is DONE already is left alone, so a task that runs twice
    (reclaimed while its first worker was still alive) does no harm.
    """
    job = model.objects.get(pk=job_id)
    if job.status == Status.DONE:
        return job
    job_update(job, status=Status.RUNNING, started_at=timezone.now(), finished_at=None, error="", progress=0,
               attempts=F("attempts") + 1)
    try:
        work(job)
    except BaseException as exc:  # also SystemExit from a worker told twice to stop
        logger.exception("%s %s failed", model.__name__, job.pk)
        job_update(job, status=Status.FAILED, error=failure_reason(exc), finished_at=timezone.now())
        raise
    job_update(job, status=Status.DONE, progress=100, finished_at=timezone.now())
    return job


def failure_reason(exc):
    text = str(exc).strip() or exc.__class__.__name__
    return text[:MAX_REASON]


def job_restart(*, job, user):
    """Queues a failed job again; refused for any other status."""
    model = type(job)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.FAILED:
            raise WorkflowError(_("Nur ein fehlgeschlagener Auftrag kann neu gestartet werden."))
        job_update(locked, status=Status.QUEUED, progress=0, stage=_("Wartet auf Bearbeitung"), error="",
                   finished_at=None)
        job_enqueue(locked)
    logger.info("%s %s restarted by %s", model.__name__, job.pk, user)
    return locked


def job_models():
    return [model for model in apps.get_models() if issubclass(model, BackgroundJob)]


def jobs_fail_for_task(task_id, reason):
    """Marks the unfinished jobs run by task ``task_id`` as failed with ``reason``."""
    for model in job_models():
        model.objects.filter(task_id=task_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
            status=Status.FAILED, error=reason[:MAX_REASON], finished_at=timezone.now()
        )


def job_store_file(job, name, data, **fields):
    """Stores the job's result file with its SHA-256; a file of an earlier attempt is removed."""
    job_store_handle(job, name, ContentFile(data), sha256_hex(data), **fields)


def job_store_handle(job, name, handle, sha256, **fields):
    """Like ``job_store_file`` for a result already written to a file (``handle``), copied in chunks."""
    previous = job.file.name if job.file else ""
    job.file.save(name, handle if isinstance(handle, File) else File(handle), save=False)
    job_update(job, file=job.file.name, sha256=sha256, **fields)
    if previous and previous != job.file.name:
        job.file.storage.delete(previous)
