"""Background jobs whose progress staff watch in the browser."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BulkLetterJob(models.Model):
    """Collects the Bescheide of many decisions into one ZIP file.

    Letters that exist are taken unchanged; missing ones are produced once
    and stored like any other letter. The counters are updated after every
    application, so the progress page can show how far the job is.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Wartet")
        RUNNING = "running", _("Läuft")
        FINISHED = "finished", _("Fertig")
        FAILED = "failed", _("Fehlgeschlagen")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    description = models.CharField(_("Auswahl"), max_length=300, blank=True)
    application_ids = models.JSONField(default=list)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("Anzahl"), default=0)
    done = models.PositiveIntegerField(_("Erledigt"), default=0)
    failed = models.PositiveIntegerField(_("Fehler"), default=0)
    errors = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="bulk/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("Fertig am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Sammelauftrag Bescheide")
        verbose_name_plural = _("Sammelaufträge Bescheide")

    def __str__(self):
        return f"{self.description or self.pk} ({self.done}/{self.total})"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def percent(self):
        if not self.total:
            return 100
        return round(100 * (self.done + self.failed) / self.total)
