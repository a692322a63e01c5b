"""Events of the organisations, reviewed by the KI before they go public.

The moderation states are a small django-fsm machine; ``protected=True``
means only the transitions below change ``status``, and only
``exchange.services.events`` calls them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, can_proceed, transition
from django_fsm_log.decorators import fsm_log_by


class EventStatus(models.TextChoices):
    PENDING = "pending", _("Wartet auf Freigabe")
    PUBLISHED = "published", _("Veröffentlicht")
    REJECTED = "rejected", _("Nicht freigegeben")
    CANCELLED = "cancelled", _("Abgesagt")


EDITABLE = [EventStatus.PENDING, EventStatus.PUBLISHED, EventStatus.REJECTED]


class Event(ConcurrentTransitionMixin, models.Model):
    class Kind(models.TextChoices):
        FESTIVAL = "festival", _("Kultur- und Begegnungsfest")
        OPEN_DAY = "open_day", _("Tag der offenen Tür")
        COURSE = "course", _("Kurs")
        MEETING = "meeting", _("Treffen")
        OTHER = "other", _("Sonstiges")

    organisation = models.ForeignKey(
        "applicants.Organisation", models.CASCADE, related_name="exchange_events", verbose_name=_("Veranstalter")
    )
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.FESTIVAL)
    description = models.TextField(_("Beschreibung"), max_length=3000)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(_("Ort (Adresse)"), max_length=300)
    municipality = models.ForeignKey(
        "applicants.Municipality", models.PROTECT, related_name="exchange_events", verbose_name=_("Kommune")
    )
    languages = models.ManyToManyField(
        "exchange.Language", blank=True, related_name="events", verbose_name=_("Sprachen")
    )
    open_to_all = models.BooleanField(_("Alle sind willkommen"), default=True)
    status = FSMField(_("Status"), max_length=20, choices=EventStatus.choices, default=EventStatus.PENDING,
                      protected=True)
    moderation_note = models.TextField(_("Hinweis der Moderation"), blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    moderated_at = models.DateTimeField(_("Geprüft am"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("Geändert am"), default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        indexes = [
            models.Index(fields=["status", "starts_at", "id"], name="exch_event_status_start"),
            models.Index(fields=["municipality", "status", "starts_at"], name="exch_event_place_start"),
            models.Index(fields=["organisation", "starts_at"], name="exch_event_org_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:event_detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == EventStatus.PUBLISHED

    @property
    def refusal_note(self):
        """The moderation note, shown to the organisation when the event was refused."""
        return self.moderation_note if self.status == EventStatus.REJECTED else ""

    @property
    def can_be_changed(self):
        """Editing and cancelling are offered while the event is not cancelled."""
        return can_proceed(self.cancel)

    # --- transitions: called only by exchange.services.events ---------------

    @fsm_log_by
    @transition(field=status, source=EDITABLE, target=EventStatus.PENDING)
    def resubmit(self, by=None):
        """An edited event goes back to the moderation queue."""

    @fsm_log_by
    @transition(field=status, source=EventStatus.PENDING, target=EventStatus.PUBLISHED)
    def approve(self, by=None):
        """The KI releases the event to the public calendar."""

    @fsm_log_by
    @transition(field=status, source=EventStatus.PENDING, target=EventStatus.REJECTED)
    def reject(self, by=None):
        """The KI does not release the event; the note says why."""

    @fsm_log_by
    @transition(field=status, source=EDITABLE, target=EventStatus.CANCELLED)
    def cancel(self, by=None):
        """The organisation calls the event off."""
