"""Organisations that apply, their people and their standing documents."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applicants.validators import validate_iban
from funding.models.uploads import StoredUpload
from funding.records import record_actor


class Municipality(models.Model):
    class Kind(models.TextChoices):
        TOWN = "town", _("Stadt")
        MUNICIPALITY = "municipality", _("Gemeinde")

    name = models.CharField(_("Name"), max_length=100, unique=True)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    official_key = models.CharField(_("Gemeindeschlüssel"), max_length=8, unique=True)
    authority = models.ForeignKey(
        "funding.Authority", models.SET_NULL, null=True, blank=True, related_name="municipalities",
        verbose_name=_("Behörde"), help_text=_("Die Behörde, in deren Gebiet die Kommune liegt."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")

    def __str__(self):
        return self.name


class RegisterCourt(models.Model):
    """A register court (Registergericht) an authority's organisations are usually registered at.

    Reference data per authority: offered as suggestions in the organisation
    form's "Registergericht" field, which still takes any court.
    """

    authority = models.ForeignKey(
        "funding.Authority", models.CASCADE, related_name="register_courts", verbose_name=_("Behörde")
    )
    name = models.CharField(_("Name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Registergericht")
        verbose_name_plural = _("Registergerichte")
        constraints = [models.UniqueConstraint(fields=["authority", "name"], name="register_court_unique")]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    class LegalForm(models.TextChoices):
        REGISTERED_ASSOCIATION = "ev", _("Eingetragener Verein (e.V.)")
        BRANCH = "branch", _("Untergliederung eines e.V.")
        MUNICIPAL = "municipal", _("Gemeinde oder Gemeindeverband")
        OTHER = "other", _("Andere Rechtsform")

    class OrgType(models.TextChoices):
        CULTURAL = "cultural", _("Kulturverein")
        MOSQUE = "mosque", _("Moscheeverein")
        RELIGIOUS = "religious", _("Andere religiöse Gemeinschaft")
        SPORTS = "sports", _("Sportverein")
        PARENTS = "parents", _("Elternverein")
        WOMEN = "women", _("Frauenverein")
        YOUTH = "youth", _("Jugendverein")
        REFUGEES = "refugees", _("Geflüchteteninitiative")
        UMBRELLA = "umbrella", _("Dachverband")
        OTHER = "other", _("Sonstige")

    class Offer(models.TextChoices):
        EVERYDAY_HELP = "everyday_help", _("Hilfe im Alltag")
        TRANSLATION = "translation", _("Übersetzen und Begleiten")
        LANGUAGE = "language", _("Sprachkurse")
        SPORTS = "sports", _("Sport")
        CULTURE = "culture", _("Kultur")
        RELIGION = "religion", _("Religion")
        FESTIVALS = "festivals", _("Kultur- und Begegnungsfeste")
        EDUCATION = "education", _("Bildung und Hausaufgabenhilfe")
        COUNSELLING = "counselling", _("Beratung")
        OTHER = "other", _("Sonstiges")

    name = models.CharField(_("Name des Vereins"), max_length=200)
    legal_form = models.CharField(_("Rechtsform"), max_length=20, choices=LegalForm.choices)
    register_court = models.CharField(_("Registergericht"), max_length=100, blank=True)
    register_number = models.CharField(_("Registernummer"), max_length=30, blank=True)
    is_charitable = models.BooleanField(_("Als gemeinnützig anerkannt"), default=False)
    charitable_notice_date = models.DateField(_("Datum des Freistellungsbescheids"), null=True, blank=True)
    charitable_valid_until = models.DateField(_("Freistellungsbescheid gültig bis"), null=True, blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5)
    city = models.CharField(_("Ort"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, null=True, blank=True, verbose_name=_("Sitz im Kreis (Kommune)")
    )
    org_type = models.CharField(_("Art des Vereins"), max_length=20, choices=OrgType.choices)
    offers = models.JSONField(_("Angebote"), default=list, blank=True)
    member_count = models.PositiveIntegerField(_("Anzahl der Mitglieder"), default=0)
    migrant_share_percent = models.PositiveSmallIntegerField(
        _("Anteil Mitglieder oder Vorstand mit Migrationsgeschichte (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )
    independent = models.BooleanField(_("Unabhängig von Regierungen und Parteien"), default=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    account_holder = models.CharField(_("Kontoinhaber"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    is_verified = models.BooleanField(_("Geprüft"), default=False)
    verified_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A new or changed IBAN or account holder waits for a second person on
    # the staff side before money goes there (four eyes).
    bank_details_pending = models.BooleanField(_("Bankverbindung unbestätigt"), default=False)
    bank_details_changed_at = models.DateTimeField(_("Bankverbindung geändert am"), null=True, blank=True)
    bank_details_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Bankverbindung geändert von"),
    )
    bank_details_confirmed_at = models.DateTimeField(_("Bankverbindung bestätigt am"), null=True, blank=True)
    bank_details_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("Bankverbindung bestätigt von"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)

    # Identity and bank details, verification and confirmations; the rest of
    # the profile (contact person, offers, counts) is not a record.
    history = HistoricalRecords(
        get_user=record_actor,
        excluded_fields=[
            "is_charitable", "charitable_notice_date", "charitable_valid_until", "street", "postcode", "city",
            "municipality", "org_type", "offers", "member_count", "migrant_share_percent", "independent",
            "contact_name", "email", "phone", "created_at",
        ]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        indexes = [models.Index(fields=["org_type"]), models.Index(fields=["municipality"])]

    def __str__(self):
        return self.name

    def offer_labels(self):
        labels = dict(self.Offer.choices)
        return [labels.get(code, code) for code in self.offers]

    def charitable_status_valid_on(self, day):
        return bool(self.is_charitable and self.charitable_valid_until and self.charitable_valid_until >= day)


class OrganisationMerge(models.Model):
    """A record of two entries of the same organisation merged into one (``applicants.services.merge``).

    The removed entry is gone; its name, register entry and what was moved
    stay here.
    """

    kept = models.ForeignKey(Organisation, models.PROTECT, related_name="merges", verbose_name=_("Behalten"))
    removed_pk = models.PositiveIntegerField(_("Entfernter Eintrag (Nr.)"))
    removed_name = models.CharField(_("Name des entfernten Eintrags"), max_length=200)
    removed_register = models.CharField(_("Registereintrag des entfernten Eintrags"), max_length=140, blank=True)
    moved = models.JSONField(_("Übernommen"), default=dict)
    reason = models.TextField(_("Begründung"))
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(_("Zusammengeführt am"), default=timezone.now)

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("Zusammenführung")
        verbose_name_plural = _("Zusammenführungen")

    def __str__(self):
        return f"{self.removed_name} → {self.kept}"


class Membership(models.Model):
    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Vertretungsberechtigt")
        MEMBER = "member", _("Mitglied")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name=_("Person"))
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_representative(self):
        return self.role == self.Role.REPRESENTATIVE


class CoApplicant(models.Model):
    """A partner organisation on an application: its members read it, never change it."""

    application = models.ForeignKey("funding.Application", models.CASCADE, related_name="co_applicants")
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="co_applications",
                                     verbose_name=_("Partnerorganisation"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(get_user=record_actor)

    class Meta:
        verbose_name = _("Mitantragsteller")
        verbose_name_plural = _("Mitantragsteller")
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "organisation"], name="unique_co_applicant")]

    def __str__(self):
        return f"{self.organisation} → {self.application_id}"


def _invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("E-Mail"))
    role = models.CharField(_("Rolle"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Einladung")
        verbose_name_plural = _("Einladungen")

    def __str__(self):
        return f"{self.email} → {self.organisation}"


class OrganisationDocument(StoredUpload):
    """A standing document uploaded once and reused by every application."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("Satzung")
        REGISTER_EXTRACT = "register_extract", _("Vereinsregisterauszug")
        TAX_EXEMPTION = "tax_exemption", _("Freistellungsbescheid")

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="documents")
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("Datei"), upload_to="organisations/%Y/")
    valid_until = models.DateField(_("Gültig bis"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("Vereinsdokument")
        verbose_name_plural = _("Vereinsdokumente")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class FormDraft(models.Model):
    """What was typed into a step of a form and could not be saved yet.

    A step saves every valid field at once; input that does not validate
    (a malformed amount, a date that is no date) is kept here verbatim, so
    the next visit shows it again with its error instead of losing it.
    """

    application = models.ForeignKey("funding.Application", models.CASCADE, related_name="form_drafts")
    step = models.CharField(max_length=30)
    data = models.JSONField(default=dict)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Zwischenstand eines Formulars")
        verbose_name_plural = _("Zwischenstände von Formularen")
        constraints = [models.UniqueConstraint(fields=["application", "step"], name="one_draft_per_step")]

    def __str__(self):
        return f"{self.application_id}/{self.step}"


class ApplicationPreview(models.Model):
    """The last preview PDF of a draft, kept while the content it was made from is unchanged.

    ``content_sha256`` is the hash of the letter HTML (everything that goes
    into the PDF); the same HTML always gives the same PDF, so a preview is
    typeset at most once per version of the draft.
    """

    application = models.OneToOneField("funding.Application", models.CASCADE, primary_key=True, related_name="+")
    content_sha256 = models.CharField(max_length=64)
    pdf = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Vorschau eines Antrags")
        verbose_name_plural = _("Vorschauen von Anträgen")

    def __str__(self):
        return f"{self.application_id}: {self.content_sha256[:12]}"


class RenderSlot(models.Model):
    """A PDF render a user has running; one per user, across all app server processes.

    The row is the lock (its primary key is the user). A slot older than
    ``PREVIEW_RENDER_TIMEOUT_SECONDS`` belongs to a process that died and is
    taken over.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="+")
    token = models.CharField(max_length=32)
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Laufende PDF-Erstellung")
        verbose_name_plural = _("Laufende PDF-Erstellungen")

    def __str__(self):
        return f"{self.user_id} seit {self.started_at:%H:%M:%S}"
