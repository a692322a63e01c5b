"""The public directory: offer categories, languages, profiles, partners."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Labelled(models.Model):
    """Reference data named per language (``exchange/translation.py``), German first."""

    name = models.CharField(_("Name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the reader's language, German where none was entered."""
        return self.name


class OfferCategory(Labelled):
    """A kind of offer (Alltagshilfe, Übersetzung, …); configurable in the admin."""

    slug = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    asks_languages = models.BooleanField(
        _("Fragt nach Sprachen"), default=False, help_text=_("Zum Beispiel Übersetzung und Sprachmittlung.")
    )
    is_active = models.BooleanField(_("Aktiv"), default=True)

    class Meta(Labelled.Meta):
        verbose_name = _("Angebotskategorie")
        verbose_name_plural = _("Angebotskategorien")


class Language(Labelled):
    code = models.CharField(_("Sprachcode"), max_length=12, unique=True)

    class Meta(Labelled.Meta):
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")


PUBLISHED = models.Q(published_at__isnull=False)


class Profile(models.Model):
    """What an organisation shows in the public directory.

    Nothing is public until a representative has consented (``published_at``
    set by ``profile_publish``); every consent and withdrawal is a
    ``ConsentRecord``. The religious affiliation (Art. 9 GDPR) is stored and
    shown only when the organisation ticked ``show_religion`` itself.
    """

    organisation = models.OneToOneField(
        "applicants.Organisation", models.CASCADE, related_name="exchange_profile", verbose_name=_("Organisation")
    )
    display_name = models.CharField(_("Name im Verzeichnis"), max_length=200)
    municipality = models.ForeignKey(
        "applicants.Municipality", models.PROTECT, related_name="exchange_profiles", verbose_name=_("Kommune")
    )
    description = models.TextField(_("Kurzbeschreibung"), max_length=1500)
    offers = models.ManyToManyField(OfferCategory, blank=True, related_name="profiles", verbose_name=_("Angebote"))
    translation_languages = models.ManyToManyField(
        Language, blank=True, related_name="translating_profiles", verbose_name=_("Übersetzung in diese Sprachen")
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="speaking_profiles", verbose_name=_("Gesprochene Sprachen")
    )
    meeting_place = models.CharField(_("Treffpunkt"), max_length=200, blank=True)
    meeting_times = models.CharField(_("Treffzeiten"), max_length=200, blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    show_religion = models.BooleanField(_("Religionszugehörigkeit öffentlich zeigen"), default=False)
    religion = models.CharField(_("Religionszugehörigkeit"), max_length=100, blank=True)
    contact_enabled = models.BooleanField(_("Kontaktformular anbieten"), default=True)
    published_at = models.DateTimeField(_("Veröffentlicht seit"), null=True, blank=True)
    updated_at = models.DateTimeField(_("Geändert am"), default=timezone.now)

    class Meta:
        verbose_name = _("Verzeichniseintrag")
        verbose_name_plural = _("Verzeichniseinträge")
        indexes = [
            models.Index(fields=["display_name", "id"], name="exch_profile_public_name", condition=PUBLISHED),
            models.Index(
                fields=["municipality", "display_name", "id"], name="exch_profile_place_name", condition=PUBLISHED
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("exchange:profile_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def public_religion(self):
        return self.religion if self.show_religion else ""


class ConsentRecord(models.Model):
    """Each consent to publish, and each withdrawal, with who and when."""

    class Action(models.TextChoices):
        GRANTED = "granted", _("Einwilligung erteilt")
        WITHDRAWN = "withdrawn", _("Einwilligung widerrufen")

    profile = models.ForeignKey(Profile, models.CASCADE, related_name="consents")
    action = models.CharField(_("Vorgang"), max_length=20, choices=Action.choices)
    text = models.TextField(_("Wortlaut der Einwilligung"), blank=True)
    includes_religion = models.BooleanField(_("Einschließlich Religionszugehörigkeit (Art. 9 DSGVO)"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")

    def __str__(self):
        return f"{self.profile}: {self.get_action_display()} {self.at:%d.%m.%Y}"


class ContactRequest(models.Model):
    """Sent through a profile's contact form; kept only to limit abuse."""

    profile = models.ForeignKey(Profile, models.CASCADE, related_name="contact_requests")
    sender_email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Kontaktanfrage")
        verbose_name_plural = _("Kontaktanfragen")

    def __str__(self):
        return f"{self.sender_email} → {self.profile}"


class Partner(models.Model):
    """A local partner the KI keeps per municipality (towns, initiatives, advice centres)."""

    class Kind(models.TextChoices):
        INTEGRATION_OFFICER = "integration_officer", _("Integrationsbeauftragte der Kommune")
        INITIATIVE = "initiative", _("Initiative")
        ADVICE_CENTRE = "advice_centre", _("Beratungsstelle")
        AUTHORITY = "authority", _("Behörde")
        OTHER = "other", _("Sonstige")

    municipality = models.ForeignKey(
        "applicants.Municipality", models.PROTECT, related_name="exchange_partners", verbose_name=_("Kommune")
    )
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    offer = models.TextField(_("Was sie anbieten"), max_length=1000, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Internetseite"), blank=True)
    is_public = models.BooleanField(_("Öffentlich zeigen"), default=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("Partner vor Ort")
        verbose_name_plural = _("Partner vor Ort")
        indexes = [models.Index(fields=["municipality", "is_public", "name"], name="exch_partner_place")]

    def __str__(self):
        return self.name


def new_token():
    return secrets.token_urlsafe(24)
