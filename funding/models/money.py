"""Money after the decision: drawdowns, payment runs, payments, proofs of use."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.applications import Application, CostLine
from funding.models.fields import MoneyField
from funding.money_workflow import DrawdownWorkflow, PaymentRunWorkflow
from funding.records import record_actor


class Drawdown(DrawdownWorkflow):
    """Mittelabruf (or the Schlusszahlung after the audit): requested, released, booked.

    The organisation requests it with its planned use (ANBest-P Nr. 1.4); a
    reviewer releases it (sachliche und rechnerische Richtigkeit); finance,
    another person, books it alone or in a payment run.
    """

    class Kind(models.TextChoices):
        REQUEST = "request", _("Mittelabruf")
        FINAL = "final", _("Schlusszahlung")

    application = models.ForeignKey(Application, models.PROTECT, related_name="drawdowns")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    amount = MoneyField(_("Betrag"))
    purpose = models.CharField(_("Geplante Verwendung"), max_length=300, blank=True)
    needed_confirmed = models.BooleanField(_("Bedarf innerhalb von zwei Monaten bestätigt"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    requested_at = models.DateTimeField(_("Angefordert am"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("Freigegeben oder abgelehnt am"), null=True, blank=True)
    note = models.TextField(_("Anmerkung"), blank=True)
    run = models.ForeignKey(
        "funding.PaymentRun", models.PROTECT, null=True, blank=True, related_name="drawdowns", verbose_name=_("Zahllauf")
    )

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        indexes = [models.Index(fields=["status", "requested_at"]), models.Index(fields=["status", "run"])]

    @property
    def purpose_label(self):
        """The purpose as shown: the Schlusszahlung's in the reader's language, otherwise as the organisation wrote it."""
        if self.kind == self.Kind.FINAL:
            return gettext("Schlusszahlung nach Prüfung des Verwendungsnachweises")
        return self.purpose

    def __str__(self):
        return f"{self.application} – {self.amount} €"

    @property
    def released_by(self):
        """Who confirmed sachliche und rechnerische Richtigkeit (None while requested or after a rejection)."""
        return self.decided_by if self.status in (self.Status.RELEASED, self.Status.PAID) else None


class PaymentRun(PaymentRunWorkflow):
    """Zahllauf: released drawdowns paid together (SEPA pain.001, XLSX), booked in one transaction."""

    authority = models.ForeignKey(
        "funding.Authority", models.PROTECT, null=True, related_name="payment_runs", verbose_name=_("Behörde")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    execution_date = models.DateField(_("Ausführungstag"))
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    booked_at = models.DateTimeField(_("Gebucht am"), null=True, blank=True)
    total = MoneyField(_("Summe"), default=0)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Zahllauf")
        verbose_name_plural = _("Zahlläufe")

    def __str__(self):
        return f"{_('Zahllauf')} {self.pk} ({self.execution_date:%d.%m.%Y})"

    @property
    def reference(self):
        """The run's name in the bank file and on the statements."""
        return f"ZL-{self.created_at:%Y}-{self.pk:05d}"


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
    """Verwendungsnachweis: narrative report, actual figures, receipts; and its audit with the settlement."""

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
    # The settlement (Festsetzung), written when the audit is completed.
    recognised_expenditure = MoneyField(_("Anerkannte zuwendungsfähige Ausgaben"), null=True, blank=True)
    settled_amount = MoneyField(_("Festgesetzte Zuwendung"), null=True, blank=True)
    paid_at_settlement = MoneyField(_("Ausgezahlt bei Festsetzung"), null=True, blank=True)

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
