"""Network meetings (Netzwerktreffen): series, agenda, invitations, minutes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange.models.documents import StoredDocument

from exchange.models.directory import new_token


class MeetingSeries(models.Model):
    """Meetings held at a regular interval, e.g. every six months."""

    title = models.CharField(_("Titel"), max_length=200)
    interval_months = models.PositiveSmallIntegerField(_("Abstand in Monaten"), default=6)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Treffenreihe")
        verbose_name_plural = _("Treffenreihen")

    def __str__(self):
        return self.title


class Meeting(models.Model):
    series = models.ForeignKey(MeetingSeries, models.SET_NULL, null=True, blank=True, related_name="meetings",
                               verbose_name=_("Reihe"))
    authority = models.ForeignKey("funding.Authority", models.PROTECT, related_name="+", verbose_name=_("Behörde"))
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort (Adresse)"), max_length=300)
    description = models.TextField(_("Einführung"), blank=True)
    district_wide = models.BooleanField(_("Kreisweit"), default=True)
    municipalities = models.ManyToManyField(
        "applicants.Municipality", blank=True, related_name="exchange_meetings", verbose_name=_("Kommunen")
    )
    invite_partners = models.BooleanField(_("Partner vor Ort einladen"), default=False)
    proposals_until = models.DateTimeField(_("Vorschläge zur Tagesordnung bis"), null=True, blank=True)
    invited_at = models.DateTimeField(_("Eingeladen am"), null=True, blank=True)
    minutes = models.TextField(_("Protokoll"), blank=True)
    minutes_published_at = models.DateTimeField(_("Protokoll veröffentlicht am"), null=True, blank=True)
    minutes_file = models.FileField(_("Protokoll (PDF)"), upload_to="exchange/minutes/%Y/", blank=True)
    minutes_sha256 = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("Netzwerktreffen")
        verbose_name_plural = _("Netzwerktreffen")
        indexes = [models.Index(fields=["starts_at"], name="exch_meeting_start")]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("exchange:meeting_detail", args=[self.pk])

    @property
    def proposals_open(self):
        deadline = self.proposals_until or self.starts_at
        return self.minutes_published_at is None and timezone.now() < deadline

    @property
    def is_past(self):
        return self.starts_at < timezone.now()


class AgendaItem(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Auf der Tagesordnung")
        PROPOSED = "proposed", _("Vorgeschlagen")
        DECLINED = "declined", _("Nicht aufgenommen")

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("Thema"), max_length=200)
    description = models.TextField(_("Erläuterung"), max_length=2000, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    proposed_by = models.ForeignKey(
        "applicants.Organisation", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Vorgeschlagen von"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")

    def __str__(self):
        return self.title


class MeetingDocument(StoredDocument):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="documents")
    file = models.FileField(_("Datei"), upload_to="exchange/meetings/%Y/")

    class Meta(StoredDocument.Meta):
        verbose_name = _("Unterlage zum Treffen")
        verbose_name_plural = _("Unterlagen zu Treffen")


class Answer(models.TextChoices):
    YES = "yes", _("Ja, wir kommen")
    MAYBE = "maybe", _("Vielleicht")
    NO = "no", _("Nein, wir können nicht")


class MeetingInvitation(models.Model):
    """One invited organisation or partner (or a guest checked in on the day)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "applicants.Organisation", models.CASCADE, null=True, blank=True, related_name="exchange_invitations"
    )
    partner = models.ForeignKey("exchange.Partner", models.CASCADE, null=True, blank=True, related_name="invitations")
    guest_name = models.CharField(_("Name (Gast)"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(_("Einladung versandt"), null=True, blank=True)
    answer = models.CharField(_("Antwort"), max_length=10, choices=Answer.choices, blank=True)
    people = models.PositiveSmallIntegerField(_("Anzahl Personen"), default=0)
    interpreting = models.ForeignKey(
        "exchange.Language", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Verdolmetschung in"),
    )
    accessibility = models.BooleanField(_("Barrierefreier Zugang nötig"), default=False)
    childcare = models.BooleanField(_("Kinderbetreuung nötig"), default=False)
    needs_note = models.CharField(_("Weitere Bedarfe"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    checked_in_at = models.DateTimeField(_("Anwesend seit"), null=True, blank=True)
    attended_people = models.PositiveSmallIntegerField(_("Anwesende Personen"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Einladung zum Treffen")
        verbose_name_plural = _("Einladungen zu Treffen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="exch_one_invitation_per_org"),
            models.UniqueConstraint(fields=["meeting", "partner"], name="exch_one_invitation_per_partner"),
        ]
        indexes = [models.Index(fields=["organisation", "meeting"], name="exch_invitation_org")]

    def __str__(self):
        return f"{self.invitee_name} – {self.meeting}"

    @property
    def invitee_name(self):
        if self.organisation_id:
            return self.organisation.name
        if self.partner_id:
            return self.partner.name
        return self.guest_name

    @property
    def needs(self):
        """The needs in words, for the attendance list and the staff overview."""
        parts = []
        if self.interpreting_id:
            parts.append(str(_("Verdolmetschung: %(language)s") % {"language": self.interpreting.label}))
        if self.accessibility:
            parts.append(str(_("barrierefreier Zugang")))
        if self.childcare:
            parts.append(str(_("Kinderbetreuung")))
        if self.needs_note:
            parts.append(self.needs_note)
        return parts


class Agreement(models.Model):
    """Who does what by when, agreed at a meeting; open until marked done."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="agreements")
    text = models.CharField(_("Was"), max_length=500)
    responsible = models.ForeignKey(
        "applicants.Organisation", models.SET_NULL, null=True, blank=True, related_name="exchange_agreements",
        verbose_name=_("Verantwortliche Organisation"),
    )
    responsible_text = models.CharField(
        _("Verantwortlich (sonst)"), max_length=200, blank=True, help_text=_("Zum Beispiel „KI“ oder ein Partner.")
    )
    due_on = models.DateField(_("Bis wann"), null=True, blank=True)
    done_at = models.DateTimeField(_("Erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Vereinbarung")
        verbose_name_plural = _("Vereinbarungen")
        indexes = [
            models.Index(fields=["responsible", "done_at"], name="exch_agreement_open"),
            models.Index(fields=["done_at", "meeting"], name="exch_agreement_meeting"),
        ]

    def __str__(self):
        return self.text

    @property
    def who(self):
        return self.responsible.name if self.responsible_id else self.responsible_text
