"""The application itself as PDF, through the hardened letters module."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_fsm_log.models import StateLog

from funding.letters import render_letter
from funding.models import Application, Letter
from funding.services.letters import PreparedLetter, letter_context, render_for, store_letter
from funding.services.locks import lock_application

SUBMISSION_TRANSITIONS = ("submit", "resubmit")
PDF_RELATED = ("call__programme__authority", "line", "organisation", "declared_by", "municipality")


def application_letter_context(app):
    documents = list(app.organisation.documents.all())
    return letter_context(
        app,
        cost_lines=list(app.cost_lines.all()),
        attachments=list(app.attachments.exclude(kind="proof")),
        documents=documents,
        total_costs=app.total_costs(),
        total_financing=app.total_financing(),
        salutation="",
    )


def application_pdf_bytes(app):
    """The application as PDF; for a draft this is a preview, not stored."""
    return render_letter("application", application_letter_context(app))


def _last_submission(app):
    content_type = ContentType.objects.get_for_model(Application)
    log = StateLog.objects.filter(
        content_type=content_type, object_id=app.pk, transition__in=SUBMISSION_TRANSITIONS
    ).order_by("-timestamp").first()
    return log.timestamp if log else None


def _needs_pdf(app):
    """True while the last submission has no stored PDF yet."""
    submitted = _last_submission(app)
    stored = Letter.objects.filter(application=app, kind=Letter.Kind.APPLICATION)
    return submitted is not None and not stored.filter(created_at__gte=submitted).exists()


def application_pdf_issue(application_id):
    """Renders and stores the application as submitted; idempotent per submission.

    Typeset before the row lock is taken; under the lock the check is
    repeated and the prepared PDF kept if nothing changed in between.
    """
    app = Application.objects.select_related(*PDF_RELATED).get(pk=application_id)
    if not _needs_pdf(app):
        return None
    prepared = PreparedLetter(Letter.Kind.APPLICATION, application_letter_context(app))
    with transaction.atomic():
        app = lock_application(application_id, related=PDF_RELATED)
        if not _needs_pdf(app):
            return None
        pdf = render_for(Letter.Kind.APPLICATION, application_letter_context(app), prepared)
        return store_letter(app, Letter.Kind.APPLICATION, pdf)
