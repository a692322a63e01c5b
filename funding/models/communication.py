"""Messages, internal notes, stored letters and sent reminders."""

import re

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from funding.models.applications import Application


class Message(models.Model):
    """A message between staff and the applicant, visible to both.

    A message the system writes on an event (a request for changes, a
    hearing ...) stores the ``event``, not a subject text: its subject is the
    event's label, translated when someone reads it. A new kind of event is
    one entry in ``Event``; create such messages with
    ``funding.services.applications.message_from_event``.
    """

    class Event(models.TextChoices):
        CHANGES_REQUESTED = "changes_requested", _("Nachforderung zu Ihrem Antrag")
        PROOF_CHANGES_REQUESTED = "proof_changes_requested", _("Nachforderung zum Verwendungsnachweis")

    application = models.ForeignKey(Application, models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    subject = models.CharField(_("Betreff"), max_length=200, blank=True)
    event = models.CharField(_("Anlass"), max_length=40, blank=True, choices=Event.choices)
    body = models.TextField(_("Nachricht"))
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def __str__(self):
        return str(self.shown_subject) or self.body[:50]

    @property
    def shown_subject(self):
        """The subject in the reader's language: the event's label, or what staff typed."""
        return self.get_event_display() if self.event else self.subject


class Note(models.Model):
    """An internal note; staff only, never shown to the applicant."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    body = models.TextField(_("Interne Notiz"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Interne Notiz")
        verbose_name_plural = _("Interne Notizen")

    def __str__(self):
        return self.body[:50]


class Letter(models.Model):
    """A generated PDF, stored once with its hash and never regenerated."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Eingangsbestätigung")
        APPLICATION = "application", _("Antrag (PDF)")
        APPROVAL = "approval", _("Zuwendungsbescheid")
        PARTIAL_APPROVAL = "partial_approval", _("Teilbewilligung")
        REJECTION = "rejection", _("Ablehnungsbescheid")
        AUDIT_RESULT = "audit_result", _("Prüfmitteilung zum Verwendungsnachweis")
        HEARING = "hearing", _("Anhörung zur Rückforderung")
        RECOVERY = "recovery", _("Rückforderungsbescheid")
        AMENDMENT = "amendment", _("Änderungsbescheid")
        LATE_USE_INTEREST = "late_use_interest", _("Zinsbescheid (verspätete Verwendung)")
        LATE_USE_HEARING = "late_use_hearing", _("Anhörung zu Zinsen (verspätete Verwendung)")

    application = models.ForeignKey(Application, models.PROTECT, related_name="letters")
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    # Kinds that can occur more than once per file (an Änderungsbescheid per
    # amendment, an Anhörung per hearing) name the row they belong to.
    key = models.CharField(_("Bezug"), max_length=40, blank=True, default="")
    file = models.FileField(upload_to="letters/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(default=0)
    # The configured texts the letter was made with: block key -> version
    # (0: the first wording in the code), and the ANBest attached.
    text_versions = models.JSONField(_("Verwendete Textfassungen"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Schreiben")
        verbose_name_plural = _("Schreiben")

    def __str__(self):
        return f"{self.get_kind_display()} {self.application.file_reference}"

    def download_name(self):
        """The one name of the letter outside the store: downloads, e-mail attachments, ZIPs."""
        kind = re.sub(r"[^\w-]+", "_", str(self.get_kind_display())).strip("_")
        return f"{self.application.file_reference}_{kind}.pdf"


class ReminderSent(models.Model):
    """Marks a reminder as sent so that it is never sent twice."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)
    due_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "kind", "due_date"], name="unique_reminder"),
        ]

    def __str__(self):
        return f"{self.kind} {self.application_id} {self.due_date}"
