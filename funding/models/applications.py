"""Applications with their cost and financing plan, attachments and reviews."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from funding.models.calls import FundingCall, FundingLine, ScoreCriterion
from funding.models.fields import MoneyField
from funding.models.uploads import StoredUpload
from funding.records import record_actor
from funding.workflow import ApplicationWorkflow

ZERO = Decimal("0.00")
# Caps that keep one draft from tying up the PDF renderer (issue 8): the
# forms say so in plain words, the services refuse more, the model validates.
MAX_TEXT_LENGTH = 5000
MAX_COST_LINES = 100


def _long_text(label):
    return models.TextField(label, blank=True, max_length=MAX_TEXT_LENGTH, validators=[MaxLengthValidator(MAX_TEXT_LENGTH)])


class Application(ApplicationWorkflow):
    call = models.ForeignKey(FundingCall, models.PROTECT, related_name="applications", verbose_name=_("Aufruf"))
    line = models.ForeignKey(FundingLine, models.PROTECT, related_name="applications", verbose_name=_("Förderlinie"))
    organisation = models.ForeignKey(
        "applicants.Organisation", models.PROTECT, related_name="applications", verbose_name=_("Organisation")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    file_reference = models.CharField(_("Aktenzeichen"), max_length=40, unique=True, null=True, blank=True)
    title = models.CharField(_("Titel des Projekts"), max_length=200)
    summary = _long_text(_("Kurzbeschreibung"))
    goals = _long_text(_("Ziele"))
    target_group = _long_text(_("Zielgruppe"))
    activities = _long_text(_("Geplante Maßnahmen"))
    expected_participants = models.PositiveIntegerField(_("Erwartete Teilnehmende"), default=0)
    municipality = models.ForeignKey(
        "applicants.Municipality", models.PROTECT, null=True, blank=True, verbose_name=_("Ort des Projekts")
    )
    start_date = models.DateField(_("Projektbeginn"), null=True, blank=True)
    end_date = models.DateField(_("Projektende"), null=True, blank=True)
    early_start_requested = models.BooleanField(_("Vorzeitiger Maßnahmebeginn beantragt"), default=False)
    early_start_reason = _long_text(_("Begründung für den vorzeitigen Beginn"))
    # Financing plan (Finanzierungsplan). Total costs are the sum of cost lines.
    own_funds = MoneyField(_("Eigenmittel"), default=ZERO)
    volunteer_work = MoneyField(_("Eigenleistung (ehrenamtliche Arbeit)"), default=ZERO)
    third_party_funds = MoneyField(_("Drittmittel"), default=ZERO)
    other_public_funds = MoneyField(_("Andere öffentliche Mittel"), default=ZERO)
    requested_amount = MoneyField(_("Beantragte Zuwendung"), default=ZERO)
    approved_amount = MoneyField(_("Bewilligte Zuwendung"), null=True, blank=True)
    # Declarations made by the representative on submission.
    declared_truthful = models.BooleanField(_("Angaben sind vollständig und richtig"), default=False)
    declared_not_started = models.BooleanField(_("Projekt hat noch nicht begonnen"), default=False)
    declared_no_double_funding = models.BooleanField(_("Keine Doppelförderung"), default=False)
    declared_data_consent = models.BooleanField(_("Einwilligung in die Datenverarbeitung"), default=False)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    declared_at = models.DateTimeField(_("Erklärt am"), null=True, blank=True)
    # Assisted application (docs/decisions.md): KI staff fill it in and submit it for the organisation;
    # the representative confirms the declarations afterwards, by e-mail link or in person.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Mit Unterstützung des KI gestellt von"),
    )
    declarations_confirmed_at = models.DateTimeField(_("Erklärungen bestätigt am"), null=True, blank=True)
    declarations_confirmed_via = models.CharField(
        _("Erklärungen bestätigt"), max_length=20, blank=True,
        choices=[("email", _("per E-Mail")), ("in_person", _("persönlich")), ("portal", _("im Portal"))],
    )
    declarations_confirmed_name = models.CharField(_("Bestätigt von (vertretungsberechtigte Person)"), max_length=200, blank=True)
    declarations_confirmation_note = models.TextField(_("Vermerk zur Bestätigung"), blank=True, max_length=2000)
    declarations_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Bestätigung erfasst von"),
    )
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_applications",
        verbose_name=_("Zuständige Prüfung"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)
    submitted_at = models.DateTimeField(_("Eingegangen am"), null=True, blank=True)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    proof_due_date = models.DateField(_("Verwendungsnachweis fällig am"), null=True, blank=True)
    changes_requested_at = models.DateTimeField(_("Nachforderung vom"), null=True, blank=True)

    # Who changed amounts, plan, parties or dates when (django-simple-history).
    # Free text stays out: it may name people and is not a money record.
    history = HistoricalRecords(
        get_user=record_actor,
        excluded_fields=["summary", "goals", "target_group", "activities", "early_start_reason", "updated_at"]
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["line", "state"]),
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["municipality", "state"]),
            models.Index(fields=["assigned_reviewer", "state"]),
            models.Index(fields=["state", "proof_due_date"]),
            models.Index(fields=["state", "changes_requested_at"]),
            models.Index(fields=["requested_amount"]),
            models.Index(fields=["submitted_at"]),
            models.Index(fields=["decided_at"]),
            # Default order and sortable columns of the staff queue.
            models.Index(fields=["created_at"]),
            models.Index(fields=["proof_due_date"]),
            # The queue's default order without the drafts, which staff never see: the newest
            # applications are often drafts, and the plain index would step over all of them.
            models.Index(fields=["created_at", "id"], condition=~models.Q(state="draft"), name="funding_app_received_idx"),
        ]

    def __str__(self):
        return f"{self.file_reference or _('Entwurf')} – {self.title}"

    def get_absolute_url(self):
        return reverse("applicants:application_detail", args=[self.pk])

    def total_costs(self):
        """Sum of the cost plan; uses the prefetched lines when present."""
        if "cost_lines" in getattr(self, "_prefetched_objects_cache", {}):
            return sum((line.amount for line in self.cost_lines.all()), ZERO)
        return self.cost_lines.aggregate(total=Sum("amount"))["total"] or ZERO

    def total_financing(self):
        return self.own_funds + self.volunteer_work + self.third_party_funds + self.other_public_funds + self.requested_amount

    def plan_difference(self):
        """Costs minus financing; zero when the plan balances."""
        return self.total_costs() - self.total_financing()

    def funding_rate_percent(self):
        costs = self.total_costs()
        if not costs:
            return ZERO
        return (self.requested_amount * 100 / costs).quantize(Decimal("0.01"))

    @property
    def is_assisted(self):
        return self.assisted_by_id is not None

    @property
    def declarations_pending(self):
        """Filed with the KI's help and the representative has not confirmed the declarations yet."""
        return self.is_assisted and self.declarations_confirmed_at is None

    def declarations_complete(self):
        return all(
            (
                self.declared_truthful,
                self.declared_not_started,
                self.declared_no_double_funding,
                self.declared_data_consent,
            )
        )


def _confirmation_expiry():
    return timezone.now() + timedelta(days=settings.DECLARATION_LINK_DAYS)


class DeclarationRequest(models.Model):
    """An e-mail link for the representative to confirm the declarations of an assisted application.

    The link carries a signed token naming this row (``applicants.services.assisted``);
    the row makes it single-use (``used_at``) and expiring (``expires_at``).
    """

    application = models.ForeignKey(Application, models.CASCADE, related_name="declaration_requests")
    email = models.EmailField(_("E-Mail"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_confirmation_expiry)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Bestätigungslink für Erklärungen")
        verbose_name_plural = _("Bestätigungslinks für Erklärungen")

    def __str__(self):
        return f"{self.application} → {self.email}"


class CostLine(models.Model):
    class Category(models.TextChoices):
        PERSONNEL = "personnel", _("Personalausgaben")
        FEES = "fees", _("Honorare")
        RENT = "rent", _("Miete und Raumkosten")
        MATERIAL = "material", _("Sachausgaben und Material")
        TRAVEL = "travel", _("Fahrtkosten")
        PUBLIC_RELATIONS = "public_relations", _("Öffentlichkeitsarbeit")
        OTHER = "other", _("Sonstige Ausgaben")

    application = models.ForeignKey(Application, models.CASCADE, related_name="cost_lines")
    category = models.CharField(_("Kategorie"), max_length=30, choices=Category.choices)
    description = models.CharField(_("Beschreibung"), max_length=300)
    amount = MoneyField(_("Betrag"))
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Kostenpositionen")

    def __str__(self):
        return f"{self.get_category_display()}: {self.description}"


class Attachment(StoredUpload):
    class Kind(models.TextChoices):
        STATUTES = "statutes", _("Satzung")
        REGISTER_EXTRACT = "register_extract", _("Vereinsregisterauszug")
        TAX_EXEMPTION = "tax_exemption", _("Freistellungsbescheid")
        QUOTE = "quote", _("Angebot / Kostenvoranschlag")
        PROOF = "proof", _("Beleg zum Verwendungsnachweis")
        OTHER = "other", _("Sonstiges")

    application = models.ForeignKey(Application, models.CASCADE, related_name="attachments")
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("Datei"), upload_to="applications/%Y/")

    class Meta:
        ordering = ["kind", "uploaded_at"]
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class Review(models.Model):
    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Bewilligen")
        APPROVE_REDUCED = "approve_reduced", _("Mit geringerem Betrag bewilligen")
        REJECT = "reject", _("Ablehnen")
        REQUEST_CHANGES = "request_changes", _("Nachfordern")

    application = models.ForeignKey(Application, models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="reviews")
    no_conflict_declared_at = models.DateTimeField(_("Keine Befangenheit erklärt am"), null=True, blank=True)
    has_conflict = models.BooleanField(_("Befangenheit erklärt"), default=False)
    conflict_note = models.TextField(_("Anmerkung zur Befangenheit"), blank=True)
    checklist = models.JSONField(_("Checkliste"), default=dict, blank=True)
    total_score = models.DecimalField(_("Gewichtete Gesamtpunktzahl"), max_digits=5, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField(_("Empfehlung"), max_length=20, choices=Recommendation.choices, blank=True)
    recommended_amount = MoneyField(_("Empfohlener Betrag"), null=True, blank=True)
    note = models.TextField(_("Prüfvermerk"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Prüfung")
        verbose_name_plural = _("Prüfungen")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="one_review_per_reviewer")]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"


class ApproverDeclaration(models.Model):
    """The approver's declaration on conflicts of interest (§§ 20, 21 VwVfG NRW), made when deciding.

    A declared conflict recuses the approver from this application
    (``funding.workflow.can_decide``); like the reviewer's, it cannot be taken back.
    """

    application = models.ForeignKey(Application, models.CASCADE, related_name="approver_declarations")
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("Befangenheit erklärt"), default=False)
    note = models.TextField(_("Anmerkung zur Befangenheit"), blank=True)
    declared_at = models.DateTimeField(_("Erklärt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Erklärung der entscheidenden Person")
        verbose_name_plural = _("Erklärungen der entscheidenden Personen")
        constraints = [models.UniqueConstraint(fields=["application", "approver"], name="one_declaration_per_approver")]

    def __str__(self):
        return f"{self.application} – {self.approver}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoreCriterion, models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("Punkte (0–5)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="score_at_most_5"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Bewilligung")
        PARTIAL = "partial", _("Teilbewilligung")
        REJECTED = "rejected", _("Ablehnung")

    application = models.OneToOneField(Application, models.PROTECT, related_name="decision")
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=Outcome.choices)
    amount = MoneyField(_("Bewilligter Betrag"), null=True, blank=True)
    reasons = models.TextField(_("Begründung"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        verbose_name = _("Entscheidung")
        verbose_name_plural = _("Entscheidungen")

    def __str__(self):
        return f"{self.application}: {self.get_outcome_display()}"


class DecisionCostLine(models.Model):
    """One cost line as a Teilbewilligung approved it: the binding Anlage 1 names it with its reason.

    The approved amounts of a partial approval add up to the approved eligible
    costs of its plan (``funding.financing.check_line_approvals``).
    """

    decision = models.ForeignKey(Decision, models.CASCADE, related_name="cost_lines")
    cost_line = models.ForeignKey(CostLine, models.PROTECT, related_name="+")
    approved_amount = MoneyField(_("Anerkannter Betrag"))
    reason = models.TextField(_("Grund der Kürzung"), blank=True)

    class Meta:
        ordering = ["cost_line__order", "cost_line__pk"]
        verbose_name = _("Anerkannte Kostenposition")
        verbose_name_plural = _("Anerkannte Kostenpositionen")
        constraints = [models.UniqueConstraint(fields=["decision", "cost_line"], name="one_approval_per_cost_line")]

    def __str__(self):
        return f"{self.cost_line}: {self.approved_amount}"

    @property
    def requested_amount(self):
        return self.cost_line.amount

    @property
    def reduction(self):
        return self.cost_line.amount - self.approved_amount
