"""Consultations: the KI opens them, organisations state their views, the KI sums up."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange.access import default_authority
from exchange.models import Consultation, ConsultationDocument, ConsultationQuestion, Statement
from exchange.services.documents import document_store
from funding.services.transitions import WorkflowError


def _set_questions(consultation, questions):
    consultation.questions.all().delete()
    ConsultationQuestion.objects.bulk_create(
        ConsultationQuestion(consultation=consultation, text=text, order=index) for index, text in enumerate(questions)
    )


def consultation_save(*, consultation, user, values, questions):
    """Creates or changes a consultation; questions are fixed once it is open."""
    with transaction.atomic():
        if consultation.pk and consultation.opened_at and consultation.statements.exists():
            existing = list(consultation.questions.values_list("text", flat=True))
            if existing != list(questions):
                raise WorkflowError(_("Es gibt schon Stellungnahmen; die Fragen können nicht mehr geändert werden."))
        for name, value in values.items():
            setattr(consultation, name, value)
        if not consultation.pk:
            consultation.created_by = user
            consultation.authority = values.get("authority") or default_authority(user)
        consultation.save()
        if list(consultation.questions.values_list("text", flat=True)) != list(questions):
            _set_questions(consultation, questions)
    return consultation


def consultation_open(*, consultation, user):
    if consultation.opened_at:
        raise WorkflowError(_("Die Beteiligung ist bereits eröffnet."))
    if consultation.deadline <= timezone.now():
        raise WorkflowError(_("Die Frist liegt in der Vergangenheit. Bitte setzen Sie eine neue Frist."))
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["opened_at"])
    return consultation


def document_add(*, consultation, user, upload):
    return document_store(document=ConsultationDocument(consultation=consultation), user=user, upload=upload)


def statement_save(*, consultation, organisation, user, text, answers):
    """The organisation's statement; it can be changed until the deadline."""
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not consultation.is_open:
            raise WorkflowError(_("Die Frist für Stellungnahmen ist abgelaufen."))
        if not text.strip() and not any(value.strip() for value in answers.values()):
            raise WorkflowError(_("Bitte schreiben Sie eine Stellungnahme oder beantworten Sie eine Frage."))
        statement, _created = Statement.objects.update_or_create(
            consultation=consultation, organisation=organisation,
            defaults={"text": text, "answers": answers, "submitted_by": user, "submitted_at": timezone.now()},
        )
    return statement


def summary_publish(*, consultation, user, summary, outcome):
    """After the deadline the KI publishes what it heard and what follows from it."""
    if consultation.opened_at is None or consultation.deadline > timezone.now():
        raise WorkflowError(_("Das Ergebnis kann erst nach Ablauf der Frist veröffentlicht werden."))
    if not summary.strip():
        raise WorkflowError(_("Bitte schreiben Sie eine Zusammenfassung."))
    consultation.summary, consultation.outcome = summary, outcome
    consultation.summary_published_at = consultation.summary_published_at or timezone.now()
    consultation.save(update_fields=["summary", "outcome", "summary_published_at"])
    return consultation
