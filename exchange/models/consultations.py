"""Consultations (Beteiligung): text, questions, documents, statements, summary."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.models.documents import StoredDocument


class Consultation(models.Model):
    authority = models.ForeignKey("funding.Authority", models.PROTECT, related_name="+", verbose_name=_("Behörde"))
    title = models.CharField(_("Titel"), max_length=200)
    text = models.TextField(_("Worum es geht"))
    deadline = models.DateTimeField(_("Stellungnahmen bis"))
    opened_at = models.DateTimeField(_("Eröffnet am"), null=True, blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True)
    outcome = models.TextField(_("Was daraus folgt"), blank=True)
    summary_published_at = models.DateTimeField(_("Ergebnis veröffentlicht am"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        indexes = [models.Index(fields=["opened_at", "deadline"], name="exch_consultation_open")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:consultation_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.opened_at is not None and timezone.now() < self.deadline


class ConsultationQuestion(models.Model):
    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="questions")
    text = models.CharField(_("Frage"), max_length=500)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")

    def __str__(self):
        return self.text


class ConsultationDocument(StoredDocument):
    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="documents")
    file = models.FileField(_("Datei"), upload_to="exchange/consultations/%Y/")

    class Meta(StoredDocument.Meta):
        verbose_name = _("Unterlage zur Beteiligung")
        verbose_name_plural = _("Unterlagen zu Beteiligungen")


class Statement(models.Model):
    """An organisation's statement: a general text and one answer per question."""

    consultation = models.ForeignKey(Consultation, models.CASCADE, related_name="statements")
    organisation = models.ForeignKey("applicants.Organisation", models.CASCADE, related_name="exchange_statements")
    text = models.TextField(_("Stellungnahme"), max_length=10000, blank=True)
    answers = models.JSONField(_("Antworten auf die Fragen"), default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("Eingereicht am"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("Stellungnahme")
        verbose_name_plural = _("Stellungnahmen")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "organisation"], name="exch_one_statement_per_org")
        ]

    def __str__(self):
        return f"{self.organisation} – {self.consultation}"
