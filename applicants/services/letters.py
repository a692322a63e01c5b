"""The application itself as PDF, through the hardened letters module."""

from django.db import transaction

from funding.letters import render_letter
from funding.models import Application, Letter
from funding.services.letters import letter_context, store_letter
from funding.workflow import state_logs

SUBMISSION_TRANSITIONS = ("submit", "resubmit")


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
    log = state_logs(app).filter(transition__in=SUBMISSION_TRANSITIONS).order_by("-timestamp").first()
    return log.timestamp if log else None


def application_pdf_issue(application_id):
    """Renders and stores the application as submitted; idempotent per submission."""
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call__programme__authority", "line", "organisation", "declared_by", "municipality")
            .get(pk=application_id)
        )
        submitted = _last_submission(app)
        stored = Letter.objects.filter(application=app, kind=Letter.Kind.APPLICATION)
        if submitted is None or stored.filter(created_at__gte=submitted).exists():
            return None
        return store_letter(app, Letter.Kind.APPLICATION, application_pdf_bytes(app))
