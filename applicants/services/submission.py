"""Steps the applicant takes: submit, resubmit, withdraw, write, request money.

State changes go through the funding services (and so through
``perform_transition``); this module adds what the portal needs around
them (the checks of the call, the declarations, e-mails) in the same
transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applicants.checks import application_problems
from applicants.models import FormDraft
from applicants.tasks import issue_application_pdf
from funding.models import Message
from funding.notifications import organisation_addresses, queue_email
from funding.services import payments
from funding.services.applications import application_resubmit, application_submit, application_withdraw
from funding.services.transitions import WorkflowError
from funding.workflow import RECEIVED_STATES, is_first_submission

DECLARATIONS = ("declared_truthful", "declared_not_started", "declared_no_double_funding", "declared_data_consent")


def refuse_on_problems(app):
    """Refuses while any check of the call, the funding line or the organisation fails (the form steps' messages)."""
    drafts = FormDraft.objects.filter(application=app).values_list("step", flat=True)
    problems = application_problems(app, drafts=list(drafts))
    if problems:
        raise WorkflowError([problem.message for problem in problems])


def application_submit_by_applicant(*, application, user):
    """Einreichen (or, after a Nachforderung, erneut einreichen) with the declarations.

    Refused while any check of the call, the funding line or the
    organisation fails; the messages are the ones the form steps show. The
    checks run on the row ``perform_transition`` has locked (the call once,
    then the application), so nothing can change between check and step.
    """

    def check(app):
        refuse_on_problems(app)
        for name in DECLARATIONS:
            setattr(app, name, True)
        app.declared_by, app.declared_at = user, timezone.now()
        if app.declarations_pending:  # begun or filed with the KI's help: the representative declares here
            app.declarations_confirmed_at, app.declarations_confirmed_via = app.declared_at, "portal"
            app.declarations_confirmed_name = user.get_full_name() or user.get_username()

    with transaction.atomic():
        if is_first_submission(application):
            app = application_submit(application=application, user=user, check=check)
        else:
            app = application_resubmit(application=application, user=user, check=check)
            queue_email("application_resubmitted", to=organisation_addresses(app.organisation), context={"application": app})
        issue_application_pdf.enqueue(application_id=app.pk)
    return app


def application_withdraw_by_applicant(*, application, user, reason=""):
    with transaction.atomic():
        app = application_withdraw(application=application, user=user, reason=reason)
        queue_email(
            "application_withdrawn",
            to=organisation_addresses(app.organisation),
            context={"application": app, "user": user, "reason": reason},
        )
    return app


def message_send(*, application, user, body):
    """A message from the applicant to the staff, shown on both sides."""
    if application.state not in RECEIVED_STATES:
        raise WorkflowError(_("Nachrichten sind möglich, sobald der Antrag eingereicht ist."))
    return Message.objects.create(application=application, sender=user, from_staff=False, body=body)


def drawdown_request_by_applicant(*, application, user, amount, purpose, needed_confirmed):
    """Mittelabruf with its planned use, checked against the approved amount under the row lock."""
    with transaction.atomic():
        drawdown = payments.drawdown_request(
            application=application, user=user, amount=amount, purpose=purpose, needed_confirmed=needed_confirmed
        )
        queue_email(
            "drawdown_requested",
            to=organisation_addresses(application.organisation),
            context={"application": application, "drawdown": drawdown},
        )
    return drawdown
