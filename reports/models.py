"""Förderbericht jobs: queued, generated in the background, stored as PDF."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FundingReport(models.Model):
    """One Förderbericht run with its filter, progress and the stored PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In der Warteschlange")
        RUNNING = "running", _("Wird erstellt")
        DONE = "done", _("Fertig")
        FAILED = "failed", _("Fehlgeschlagen")

    title = models.CharField(_("Titel"), max_length=200)
    query = models.CharField(_("Filter (Abfrage)"), max_length=500, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    stage = models.CharField(_("Arbeitsschritt"), max_length=200, blank=True)
    file = models.FileField(_("Datei"), upload_to="reports/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(_("Fehler"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("Angefordert am"), default=timezone.now)
    finished_at = models.DateTimeField(_("Fertig am"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Förderbericht")
        verbose_name_plural = _("Förderberichte")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
