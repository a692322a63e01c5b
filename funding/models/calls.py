"""The granting authority, its programmes, calls and funding lines."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from funding.models.fields import MoneyField
from funding.workflow import FUNDED_STATES


class OpenDataLicence(models.TextChoices):
    """Licences under which an authority publishes its grants list; the label is the licence's name."""

    DL_ZERO = "dl-de/zero-2-0", "Datenlizenz Deutschland – Zero – Version 2.0"
    DL_BY = "dl-de/by-2-0", "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    CC_BY = "cc-by-4.0", "Creative Commons Namensnennung 4.0 International (CC BY 4.0)"
    CC_ZERO = "cc0-1.0", "Creative Commons Zero 1.0 (CC0 1.0)"


class Authority(models.Model):
    """The granting authority (Bewilligungsbehörde); letterhead and legal texts."""

    name = models.CharField(_("Name"), max_length=200)
    department = models.CharField(_("Dienststelle"), max_length=200, blank=True)
    street = models.CharField(_("Straße"), max_length=200)
    postcode = models.CharField(_("PLZ"), max_length=10)
    city = models.CharField(_("Ort"), max_length=100)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.CharField(_("Website"), max_length=200, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_phone = models.CharField(_("Telefon der Ansprechperson"), max_length=50, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    signatory_name = models.CharField(
        _("Unterzeichnende Person"), max_length=200,
        help_text=_("Behördenleitung oder die Person, in deren Auftrag gezeichnet wird; zeichnet die Eingangsbestätigung."),
    )
    signatory_title = models.CharField(_("Funktion der unterzeichnenden Person"), max_length=200, blank=True)
    letters_signed_by_signatory = models.BooleanField(
        _("Bescheide mit dem Namen der unterzeichnenden Person zeichnen"),
        default=False,
        help_text=_(
            "Aus: unter „Im Auftrag“ steht der Name der Person, die entschieden hat (bei Rückforderungen: die sie "
            "erfasst hat). An: dort steht die unterzeichnende Person; die entscheidende Person handelt in ihrem Auftrag."
        ),
    )
    signature_principal = models.CharField(
        _("Zeichnung für"), max_length=200, blank=True, help_text=_("Optional über „Im Auftrag“, z. B. „Der Landrat“.")
    )
    court_name = models.CharField(_("Zuständiges Gericht"), max_length=200)
    court_address = models.CharField(_("Anschrift des Gerichts"), max_length=200)
    bank_details = models.CharField(_("Bankverbindung der Behörde"), max_length=200, blank=True)
    payer_name = models.CharField(
        _("Auftraggeber im Zahllauf"), max_length=70, blank=True, help_text=_("Name des Kontoinhabers der Behörde in der SEPA-Datei.")
    )
    payer_iban = models.CharField(_("IBAN der Behörde (Zahllauf)"), max_length=34, blank=True)
    payer_bic = models.CharField(_("BIC der Behörde (Zahllauf)"), max_length=11, blank=True)
    # Open data (api/): the grants list on a public page and in the public API.
    publish_grants = models.BooleanField(
        _("Zuwendungen veröffentlichen"),
        default=False,
        help_text=_("An: die Liste der Zuwendungen steht als Offene Daten (CSV, JSON) und in der öffentlichen API."),
    )
    open_data_licence = models.CharField(
        _("Lizenz der Offenen Daten"), max_length=20, choices=OpenDataLicence.choices, default=OpenDataLicence.DL_ZERO
    )

    class Meta:
        verbose_name = _("Bewilligungsbehörde")
        verbose_name_plural = _("Bewilligungsbehörden")

    def __str__(self):
        return self.name


class FundingProgramme(models.Model):
    authority = models.ForeignKey(Authority, models.PROTECT, related_name="programmes", verbose_name=_("Behörde"))
    name = models.CharField(_("Name"), max_length=200)
    legal_basis = models.TextField(
        _("Rechtsgrundlage"),
        default="§§ 23, 44 Landeshaushaltsordnung NRW (LHO) mit den Verwaltungsvorschriften",
    )
    guideline = models.CharField(_("Förderrichtlinie"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")

    def __str__(self):
        return self.name


class BudgetMixin:
    """``remaining_budget`` for a call or a funding line (both have ``budget`` and ``applications``)."""

    def remaining_budget(self, exclude=None):
        """The budget minus everything approved in it (``exclude``: leave one application out).

        Callers that act on the figure hold the call's row lock
        (``funding.services.locks.lock_call``), so it cannot change before they commit.
        """
        approved = self.applications.filter(state__in=FUNDED_STATES)
        if exclude is not None:
            approved = approved.exclude(pk=exclude.pk)
        total = approved.aggregate(total=models.Sum("approved_amount"))["total"] or Decimal("0.00")
        return self.budget - total


class FundingCall(BudgetMixin, models.Model):
    """One funding round (Förderaufruf) with its budget, dates and rules."""

    programme = models.ForeignKey(FundingProgramme, models.PROTECT, related_name="calls", verbose_name=_("Programm"))
    name = models.CharField(_("Name"), max_length=200)
    reference_prefix = models.CharField(
        _("Präfix des Aktenzeichens"), max_length=30, unique=True, help_text=_("z. B. MSO-2017")
    )
    description = models.TextField(_("Beschreibung in einfacher Sprache"), blank=True)
    eligibility_text = models.TextField(_("Wer kann einen Antrag stellen?"), blank=True)
    opens_on = models.DateField(_("Antragsbeginn"))
    closes_on = models.DateField(_("Antragsschluss"))
    budget = MoneyField(_("Gesamtbudget"))
    period_start = models.DateField(_("Förderzeitraum frühestens ab"))
    period_end = models.DateField(_("Förderzeitraum spätestens bis"))
    proof_due_months = models.PositiveSmallIntegerField(
        _("Frist Verwendungsnachweis (Monate nach Ende des Bewilligungszeitraums)"), default=6
    )
    # Eligibility rules; each can be switched per call.
    require_registered_association = models.BooleanField(_("Nur eingetragene Vereine oder Untergliederungen"), default=True)
    require_charitable = models.BooleanField(_("Gemeinnützigkeit erforderlich"), default=True)
    require_seat_in_district = models.BooleanField(_("Sitz im Kreis erforderlich"), default=True)
    min_migrant_share_percent = models.PositiveSmallIntegerField(
        _("Mindestanteil Menschen mit Migrationsgeschichte (%)"), default=50, validators=[MaxValueValidator(100)]
    )
    require_independence = models.BooleanField(_("Unabhängigkeit von Regierungen und Parteien erforderlich"), default=True)
    allow_early_start = models.BooleanField(_("Vorzeitiger Maßnahmebeginn auf Antrag möglich"), default=True)
    max_volunteer_share_percent = models.DecimalField(
        _("Höchstanteil Eigenleistung am Eigenanteil (%)"), max_digits=5, decimal_places=2, default=Decimal("15.00")
    )
    max_equipment_item = MoneyField(_("Höchstbetrag je Ausstattungsgegenstand"), default=Decimal("5000.00"))
    next_reference_number = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-opens_on"]
        verbose_name = _("Förderaufruf")
        verbose_name_plural = _("Förderaufrufe")

    def __str__(self):
        return self.name

    def is_open_on(self, day):
        return self.opens_on <= day <= self.closes_on


class FundingLine(BudgetMixin, models.Model):
    class FinancingType(models.TextChoices):
        FULL = "full", _("Vollfinanzierung")
        SHARE = "share", _("Anteilfinanzierung")
        DEFICIT = "deficit", _("Fehlbedarfsfinanzierung")
        FIXED = "fixed", _("Festbetragsfinanzierung")

    call = models.ForeignKey(FundingCall, models.CASCADE, related_name="lines", verbose_name=_("Aufruf"))
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    min_grant = MoneyField(_("Mindestzuwendung"), default=Decimal("0.00"))
    max_grant = MoneyField(_("Höchstzuwendung"))
    max_rate_percent = models.DecimalField(
        _("Höchster Fördersatz (% der zuwendungsfähigen Ausgaben)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    financing_type = models.CharField(_("Finanzierungsart"), max_length=20, choices=FinancingType.choices)
    budget = MoneyField(_("Eigenes Budget der Förderlinie"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "name"]
        verbose_name = _("Förderlinie")
        verbose_name_plural = _("Förderlinien")

    def __str__(self):
        return self.name


class ScoreCriterion(models.Model):
    call = models.ForeignKey(FundingCall, models.CASCADE, related_name="criteria")
    name = models.CharField(_("Kriterium"), max_length=200)
    weight = models.DecimalField(_("Gewicht"), max_digits=5, decimal_places=2, default=Decimal("1.00"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order"]
        verbose_name = _("Bewertungskriterium")
        verbose_name_plural = _("Bewertungskriterien")

    def __str__(self):
        return self.name


class StandardReason(models.Model):
    """A configurable standard reason for rejections."""

    call = models.ForeignKey(FundingCall, models.CASCADE, null=True, blank=True, related_name="standard_reasons")
    authority = models.ForeignKey(
        Authority, models.CASCADE, null=True, blank=True, related_name="standard_reasons", verbose_name=_("Behörde"),
        help_text=_("Leer und ohne Förderaufruf: gilt für alle Behörden."),
    )
    title = models.CharField(_("Kurztitel"), max_length=200)
    text = models.TextField(_("Text"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("Standardbegründung")
        verbose_name_plural = _("Standardbegründungen")

    def __str__(self):
        return self.title
