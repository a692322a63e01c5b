"""Recovery after a hearing (Anhörung, Widerruf/Rücknahme), its interest and repayments."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.applications import Application
from funding.models.fields import MoneyField
from funding.money_workflow import InterestClaimWorkflow
from funding.records import record_actor


class BaseRate(models.Model):
    """Basiszinssatz nach § 247 BGB, valid from a date (1 January or 1 July) until the next row."""

    valid_from = models.DateField(_("Gültig ab"), unique=True)
    rate_percent = models.DecimalField(_("Basiszinssatz (% p. a.)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("Quelle"), max_length=200, blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("Basiszinssatz")
        verbose_name_plural = _("Basiszinssätze")

    def __str__(self):
        return f"{self.valid_from:%d.%m.%Y}: {self.rate_percent} %"


class LegalBasis(models.TextChoices):
    """The exact legal basis a recovery decision names."""

    NOT_USED = "49_3_1", _("§ 49 Abs. 3 Satz 1 Nr. 1 VwVfG NRW (Widerruf: nicht, nicht alsbald oder nicht zweckentsprechend verwendet)")
    CONDITION = "49_3_2", _("§ 49 Abs. 3 Satz 1 Nr. 2 VwVfG NRW (Widerruf: Auflage nicht oder nicht fristgerecht erfüllt)")
    UNLAWFUL = "48", _("§ 48 VwVfG NRW (Rücknahme eines rechtswidrigen Bescheides)")
    LATE_USE = "49a_4", _("§ 49a Abs. 4 VwVfG NRW (Zinsen für nicht alsbald verwendete Mittel)")


class Hearing(models.Model):
    """Anhörung nach § 28 VwVfG NRW before a recovery: intended amount, reasons, deadline, the answer."""

    class Kind(models.TextChoices):
        REFUND = "refund", _("Anhörung zur Rückforderung")
        LATE_USE = "late_use", _("Anhörung zu Zinsen für verspätete Verwendung")

    application = models.ForeignKey(Application, models.PROTECT, related_name="hearings")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.REFUND)
    intended_refund = MoneyField(_("Beabsichtigter Erstattungsbetrag"))  # for late use: the interest computed
    intended_grant = MoneyField(_("Beabsichtigte neue Zuwendung"))
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=10, choices=LegalBasis.choices)
    reasons = models.TextField(_("Gründe"))
    deadline = models.DateField(_("Frist zur Stellungnahme"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("Stellungnahme"), blank=True)
    answer_received_on = models.DateField(_("Stellungnahme eingegangen am"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Anhörung")
        verbose_name_plural = _("Anhörungen")

    def __str__(self):
        return f"{_('Anhörung')} {self.application}"

    @property
    def answered_in_portal(self):
        """The organisation gave its answer itself (staff record written ones)."""
        from funding.roles import is_staff_member

        return self.answer_recorded_by_id is not None and not is_staff_member(self.answer_recorded_by)

    def concluded_on(self, day):
        """The decision may follow: the answer is recorded or the deadline has passed."""
        return self.answer_received_on is not None or day > self.deadline


class Recovery(InterestClaimWorkflow):
    """Rückforderungsbescheid: Widerruf/Rücknahme (whole or partial), refund and interest (§ 49a VwVfG).

    ``kind`` late_use: a Zinsbescheid under § 49a Abs. 4 VwVfG for money used
    later than two months after its payout; no principal (``amount`` 0),
    the grant stays (``new_grant_amount``), ``interest_periods`` per payment.
    """

    class Kind(models.TextChoices):
        REFUND = "refund", _("Erstattung mit Zinsen (§ 49a Abs. 1 und 3 VwVfG)")
        LATE_USE = "late_use", _("Zinsen für verspätete Verwendung (§ 49a Abs. 4 VwVfG)")

    application = models.ForeignKey(Application, models.PROTECT, related_name="recoveries")
    hearing = models.OneToOneField(Hearing, models.PROTECT, null=True, blank=True, related_name="recovery")
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=10, choices=LegalBasis.choices)
    amount = MoneyField(_("Erstattungsbetrag"))
    new_grant_amount = MoneyField(_("Neue Zuwendung"))
    reason = models.TextField(_("Begründung"))
    effective_date = models.DateField(_("Wirksam ab"))
    due_date = models.DateField(_("Fällig am"))
    interest_amount = MoneyField(_("Zinsen bis zur Fälligkeit"), default=0)
    interest_periods = models.JSONField(_("Zinsberechnung"), default=list, blank=True)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.REFUND, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("Vorgeschlagen von")
    )
    proposed_at = models.DateTimeField(_("Vorgeschlagen am"), null=True, blank=True)
    settled_on = models.DateField(_("Vollständig beglichen am"), null=True, blank=True)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-claimed_at"]
        verbose_name = _("Rückforderung")
        verbose_name_plural = _("Rückforderungen")

    def __str__(self):
        return f"{self.application} – {self.amount} €"

    @property
    def repaid(self):
        return sum((repayment.amount for repayment in self.repayments.all()), Decimal("0.00"))

    @property
    def is_whole(self):
        """Widerruf (or Rücknahme) of the whole grant: nothing of it remains."""
        return self.new_grant_amount == 0

    @property
    def kind_label(self):
        if self.legal_basis == LegalBasis.UNLAWFUL:
            return "Rücknahme" if self.is_whole else "Teilrücknahme"
        return "Widerruf" if self.is_whole else "Teilwiderruf"


class Repayment(models.Model):
    """A repayment received on a recovery, booked by finance; interest first, then principal (§ 367 BGB)."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="repayments")
    recovery = models.ForeignKey(Recovery, models.PROTECT, related_name="repayments")
    received_on = models.DateField(_("Zahlungseingang am"))
    amount = MoneyField(_("Betrag"))
    interest_part = MoneyField(_("davon Zinsen"))
    principal_part = MoneyField(_("davon Hauptforderung"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("Rückzahlung")
        verbose_name_plural = _("Rückzahlungen")

    def __str__(self):
        return f"{self.application} – {self.amount} € am {self.received_on}"
