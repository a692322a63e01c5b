"""Events: organisations submit and edit, the KI moderates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.models import Event, EventStatus
from funding.notifications import organisation_addresses, queue_email
from funding.services.transitions import WorkflowError


def _locked(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def event_create(*, organisation, user, values, languages):
    """A new event waits for the KI's review before it is public."""
    with transaction.atomic():
        event = Event.objects.create(organisation=organisation, created_by=user, **values)
        event.languages.set(languages)
    return event


def event_update(*, event, user, values, languages):
    """Saves the changes; a published or refused event goes back to review."""
    with transaction.atomic():
        event = _locked(event)
        if event.status == EventStatus.CANCELLED:
            raise WorkflowError(_("Eine abgesagte Veranstaltung kann nicht mehr geändert werden."))
        for name, value in values.items():
            setattr(event, name, value)
        event.updated_at = timezone.now()
        if event.status != EventStatus.PENDING:
            event.resubmit(by=user)
        event.save()
        event.languages.set(languages)
    return event


def event_cancel(*, event, user):
    with transaction.atomic():
        event = _locked(event)
        if event.status == EventStatus.CANCELLED:
            raise WorkflowError(_("Die Veranstaltung ist bereits abgesagt."))
        event.cancel(by=user)
        event.save()
    return event


def event_moderate(*, event, user, approve, note=""):
    """The KI releases the event to the calendar, or refuses it with a note."""
    with transaction.atomic():
        event = _locked(event)
        if event.status != EventStatus.PENDING:
            raise WorkflowError(_("Diese Veranstaltung wartet nicht (mehr) auf eine Freigabe."))
        if not approve and not note.strip():
            raise WorkflowError(_("Bitte schreiben Sie dem Verein, warum die Veranstaltung nicht freigegeben wird."))
        (event.approve if approve else event.reject)(by=user)
        event.moderation_note = note
        event.moderated_by = user
        event.moderated_at = timezone.now()
        event.save()
        queue_email(
            "exchange_event_moderated",
            to=organisation_addresses(event.organisation),
            context={"event": event, "approved": approve, "note": note},
        )
    return event
