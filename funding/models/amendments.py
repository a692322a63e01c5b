"""Amendment decisions (Änderungsbescheid): a later change of period, plan or amount."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.applications import Application, CostLine
from funding.models.fields import MoneyField
from funding.money_workflow import AmendmentWorkflow
from funding.records import record_actor

ZERO = Decimal("0.00")


class Amendment(AmendmentWorkflow):
    """A change to an approved grant, requested by the organisation or started by staff.

    Empty ``new_*`` fields mean "unchanged". ``previous`` holds the grant as it
    stood when the amendment was decided, so the letter can say what changed
    and what stays.
    """

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Ändern wie beantragt")
        REJECT = "reject", _("Ablehnen")

    application = models.ForeignKey(Application, models.PROTECT, related_name="amendments")
    started_by_staff = models.BooleanField(_("Von Amts wegen"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("Beantragt am"), default=timezone.now)
    reasons = models.TextField(_("Begründung der Änderung"))
    new_start_date = models.DateField(_("Neuer Projektbeginn"), null=True, blank=True)
    new_end_date = models.DateField(_("Neues Projektende"), null=True, blank=True)
    new_amount = MoneyField(_("Neue Zuwendung"), null=True, blank=True)
    plan_changed = models.BooleanField(_("Ausgaben- und Finanzierungsplan geändert"), default=False)
    new_own_funds = MoneyField(_("Eigenmittel (neu)"), null=True, blank=True)
    new_volunteer_work = MoneyField(_("Eigenleistung (neu)"), null=True, blank=True)
    new_third_party_funds = MoneyField(_("Drittmittel (neu)"), null=True, blank=True)
    new_other_public_funds = MoneyField(_("Andere öffentliche Mittel (neu)"), null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    recommendation = models.CharField(_("Empfehlung"), max_length=10, choices=Recommendation.choices, blank=True)
    review_note = models.TextField(_("Prüfvermerk"), blank=True)
    reviewed_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decision_reasons = models.TextField(_("Begründung der Entscheidung"), blank=True)
    previous = models.JSONField(_("Stand vor der Änderung"), default=dict, blank=True)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Änderungsantrag")
        verbose_name_plural = _("Änderungsanträge")
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return f"{_('Änderung')} {self.application}"

    @property
    def previous_amount(self):
        """The grant before the change (once decided)."""
        amount = self.previous.get("amount")
        return Decimal(amount) if amount not in (None, "None") else None

    def plan_total(self):
        return sum((line.amount for line in self.cost_lines.all()), ZERO)

    def financing(self, application=None):
        """(own, volunteer, third party, other public, grant) after the change."""
        app = application or self.application

        def pick(new, old):
            return old if new is None else new

        return (
            pick(self.new_own_funds, app.own_funds),
            pick(self.new_volunteer_work, app.volunteer_work),
            pick(self.new_third_party_funds, app.third_party_funds),
            pick(self.new_other_public_funds, app.other_public_funds),
            pick(self.new_amount, app.approved_amount or ZERO),
        )


class AmendmentCostLine(models.Model):
    """A line of the new binding cost plan; ``cost_line`` is the line it replaces, if any."""

    amendment = models.ForeignKey(Amendment, models.CASCADE, related_name="cost_lines")
    cost_line = models.ForeignKey(CostLine, models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("Kategorie"), max_length=30, choices=CostLine.Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    amount = MoneyField(_("Betrag"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Kostenposition (neu)")
        verbose_name_plural = _("Kostenpositionen (neu)")

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"
