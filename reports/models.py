"""Förderbericht jobs: queued, generated in the background, stored as PDF."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funding.models import BackgroundJob


class FundingReport(BackgroundJob):
    """One Förderbericht run with its filter, progress and the stored PDF."""

    title = models.CharField(_("Titel"), max_length=200)
    query = models.CharField(_("Filter (Abfrage)"), max_length=500, blank=True)
    file = models.FileField(_("Datei"), upload_to="reports/%Y/", blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    authority = models.ForeignKey("funding.Authority", models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("Behörde"))

    class Meta(BackgroundJob.Meta):
        verbose_name = _("Förderbericht")
        verbose_name_plural = _("Förderberichte")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    def enqueue_task(self):
        from reports.tasks import generate_funding_report

        return generate_funding_report.enqueue(report_id=self.pk)
