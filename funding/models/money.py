"""Money after the decision: drawdowns, payments, proofs of use, recoveries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.applications import Application, CostLine
from funding.models.fields import MoneyField
from funding.records import record_actor


class Drawdown(models.Model):
    """Mittelabruf: the recipient asks for (part of) the grant."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Beantragt")
        APPROVED = "approved", _("Freigegeben")
        REJECTED = "rejected", _("Abgelehnt")
        PAID = "paid", _("Ausgezahlt")

    application = models.ForeignKey(Application, models.PROTECT, related_name="drawdowns")
    amount = MoneyField(_("Betrag"))
    purpose = models.CharField(_("Verwendungszweck"), max_length=300, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    requested_at = models.DateTimeField(_("Angefordert am"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return f"{self.application} – {self.amount} €"


class Payment(models.Model):
    application = models.ForeignKey(Application, models.PROTECT, related_name="payments")
    drawdown = models.OneToOneField(Drawdown, models.PROTECT, null=True, blank=True, related_name="payment")
    amount = MoneyField(_("Betrag"))
    paid_on = models.DateField(_("Auszahlungsdatum"))
    reference = models.CharField(_("Buchungszeichen"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        indexes = [models.Index(fields=["paid_on"])]

    def __str__(self):
        return f"{self.application} – {self.amount} € am {self.paid_on}"


class ProofOfUse(models.Model):
    """Verwendungsnachweis: narrative report, actual figures, receipts."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="proof")
    activities = models.TextField(_("Was wurde durchgeführt?"), blank=True)
    participants_reached = models.PositiveIntegerField(_("Erreichte Teilnehmende"), default=0)
    results = models.TextField(_("Ergebnisse"), blank=True)
    deviations = models.TextField(_("Abweichungen vom Plan"), blank=True)
    own_funds_actual = MoneyField(_("Eigenmittel (Ist)"), default=0)
    volunteer_work_actual = MoneyField(_("Eigenleistung (Ist)"), default=0)
    third_party_funds_actual = MoneyField(_("Drittmittel (Ist)"), default=0)
    other_public_funds_actual = MoneyField(_("Andere öffentliche Mittel (Ist)"), default=0)
    grant_actual = MoneyField(_("Zuwendung (Ist)"), default=0)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(_("Eingereicht am"), null=True, blank=True)
    audited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    audited_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    audit_note = models.TextField(_("Prüfvermerk zum Verwendungsnachweis"), blank=True)

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")

    def __str__(self):
        return f"{_('Verwendungsnachweis')} {self.application}"


class ProofLine(models.Model):
    """Actual expenditure for one line of the cost plan."""

    proof = models.ForeignKey(ProofOfUse, models.CASCADE, related_name="lines")
    cost_line = models.ForeignKey(CostLine, models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("Kategorie"), max_length=30, choices=CostLine.Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=300, blank=True)
    planned_amount = MoneyField(_("Plan"), default=0)
    actual_amount = MoneyField(_("Ist"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Ausgabe (Ist)")
        verbose_name_plural = _("Ausgaben (Ist)")

    def __str__(self):
        return f"{self.get_category_display()}: {self.actual_amount}"


class Receipt(models.Model):
    """One row of the Belegliste."""

    proof = models.ForeignKey(ProofOfUse, models.CASCADE, related_name="receipts")
    date = models.DateField(_("Datum"))
    payee = models.CharField(_("Empfänger"), max_length=200)
    purpose = models.CharField(_("Zweck"), max_length=300)
    amount = MoneyField(_("Betrag"))
    category = models.CharField(_("Kategorie"), max_length=30, choices=CostLine.Category.choices, blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("Beleg")
        verbose_name_plural = _("Belege")

    def __str__(self):
        return f"{self.date} {self.payee} {self.amount}"


class Recovery(models.Model):
    """Rückforderung with interest per § 49a (3) VwVfG."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="recoveries")
    amount = MoneyField(_("Rückforderungsbetrag"))
    reason = models.TextField(_("Begründung"))
    repayable_since = models.DateField(_("Zu erstatten ab"))
    interest_rate_percent = models.DecimalField(_("Zinssatz (% p. a.)"), max_digits=5, decimal_places=2)
    interest_until = models.DateField(_("Zinsen berechnet bis"))
    interest_amount = MoneyField(_("Zinsen"), default=0)
    hearing_held_on = models.DateField(_("Anhörung am"), null=True, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    repaid_on = models.DateField(_("Zurückgezahlt am"), null=True, blank=True)
    repaid_amount = MoneyField(_("Zurückgezahlter Betrag"), null=True, blank=True)
    repayment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("Rückforderung")
        verbose_name_plural = _("Rückforderungen")

    def __str__(self):
        return f"{self.application} – {self.amount} €"
