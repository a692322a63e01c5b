"""Background jobs whose progress staff watch in the browser, and the workers running them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BackgroundJob(models.Model):
    """What every job with a progress page has: status, progress, failure reason, its task.

    The job's code runs through ``funding.services.jobs.job_run``, which sets
    RUNNING, DONE or FAILED (with the reason); a failed job can be restarted
    from its page (``job_restart``). ``task_id`` is the django-tasks result
    running it, so a task given up after its workers died
    (``funding.worker.reclaim_expired_tasks``) fails its job as well.
    Subclasses add ``file`` (with their ``upload_to``), ``created_by`` and
    ``enqueue_task()``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wartet")
        RUNNING = "running", _("Läuft")
        DONE = "done", _("Fertig")
        FAILED = "failed", _("Fehlgeschlagen")

    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    stage = models.CharField(_("Arbeitsschritt"), max_length=200, blank=True)
    error = models.TextField(_("Grund des Fehlschlags"), blank=True)
    task_id = models.CharField(_("Aufgabe"), max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    started_at = models.DateTimeField(_("Begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Fertig am"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED

    def enqueue_task(self):
        """Queues the task that runs this job; returns the task result."""
        raise NotImplementedError


class BulkLetterJob(BackgroundJob):
    """Collects the Bescheide of many decisions into one ZIP file.

    Letters that exist are taken unchanged; missing ones are produced once
    and stored like any other letter. The counters are updated after every
    application, so the progress page can show how far the job is.
    """

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    authority = models.ForeignKey("funding.Authority", models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("Behörde"))
    description = models.CharField(_("Auswahl"), max_length=300, blank=True)
    application_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(_("Anzahl"), default=0)
    done = models.PositiveIntegerField(_("Erledigt"), default=0)
    failed = models.PositiveIntegerField(_("Fehler"), default=0)
    errors = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="bulk/%Y/", blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("Sammelauftrag Bescheide")
        verbose_name_plural = _("Sammelaufträge Bescheide")

    def __str__(self):
        return f"{self.description or self.pk} ({self.done}/{self.total})"

    def enqueue_task(self):
        from funding.tasks import run_bulk_letter_job

        return run_bulk_letter_job.enqueue(job_id=self.pk)


class WorkerHeartbeat(models.Model):
    """A running ``db_worker`` process, as last seen: the lease on the tasks it claimed.

    Every worker updates its row every ``TASK_HEARTBEAT_SECONDS``, also while
    a task runs. A task whose worker has not been seen for
    ``TASK_LEASE_SECONDS`` is queued again (see ``funding.worker``).
    """

    worker_id = models.CharField(max_length=80, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Hintergrundprozess")
        verbose_name_plural = _("Hintergrundprozesse")

    def __str__(self):
        return f"{self.worker_id} ({self.hostname}, {self.pid})"


class EfileExportJob(BackgroundJob):
    """The e-files of every application of a call, one ZIP per application inside one ZIP.

    Each inner ZIP is the export of ``funding.efile`` with its xdomea index;
    the outer ZIP adds SHA256SUMS over the inner ones.
    """

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    call = models.ForeignKey("funding.FundingCall", models.PROTECT, related_name="+", verbose_name=_("Aufruf"))
    total = models.PositiveIntegerField(_("Anzahl"), default=0)
    done = models.PositiveIntegerField(_("Erledigt"), default=0)
    file = models.FileField(upload_to="efiles/%Y/", blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("E-Akten-Export")
        verbose_name_plural = _("E-Akten-Exporte")

    def __str__(self):
        return f"{self.call} ({self.done}/{self.total})"

    def enqueue_task(self):
        from funding.tasks import run_efile_export_job

        return run_efile_export_job.enqueue(job_id=self.pk)
