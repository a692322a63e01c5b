"""Editing a draft: plain data changes, allowed only while the applicant may edit.

No state changes happen here. Every write locks the application row and
checks its state under the lock, so an edit can never slip in after the
application was submitted in another tab.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from applicants.models import FormDraft
from applicants.uploads import check_upload, display_name, storage_name
from funding import summary
from funding.models import Application, Attachment, CostLine
from funding.models.applications import MAX_COST_LINES
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError
from funding.workflow import EDITABLE_STATES, PROOF_EDITABLE_STATES

PROJECT_FIELDS = (
    "title", "summary", "goals", "target_group", "activities", "expected_participants", "municipality",
    "start_date", "end_date", "early_start_requested", "early_start_reason",
)
FINANCING_FIELDS = ("own_funds", "volunteer_work", "third_party_funds", "other_public_funds", "requested_amount")


def is_editable(application):
    return application.state in EDITABLE_STATES


def lock_in_states(application, states, message=None):
    """The locked application row; refuses when it is not in ``states``."""
    app = lock_application(application.pk, related=())
    if app.state not in states:
        raise WorkflowError(
            message
            or _("Dieser Antrag kann im Status „%(state)s“ nicht mehr geändert werden.") % {"state": app.get_state_display()}
        )
    return app


def application_create(*, user, organisation, line, title, assisted=False):
    """A new draft of ``organisation`` for a funding line of an open call.

    ``assisted``: KI staff (``user``) fill it in for the organisation (``Application.assisted_by``).
    """
    call = line.call
    if not call.is_open_on(timezone.localdate()):
        raise WorkflowError(_("Für diesen Aufruf können keine Anträge mehr gestellt werden."))
    with transaction.atomic():
        app = Application.objects.create(
            call=call, line=line, organisation=organisation, created_by=user, title=title,
            municipality=organisation.municipality, assisted_by=user if assisted else None,
        )
        summary.update(app.pk)
    return app


def application_save_fields(*, application, user, values, allowed):
    """Saves the given fields of a step; unknown names are ignored."""
    fields = [name for name in allowed if name in values]
    for name in fields:  # the model's caps hold whoever calls (forms check the same first)
        Application._meta.get_field(name).run_validators(values[name])
    with transaction.atomic():
        app = lock_in_states(application, EDITABLE_STATES)
        for name in fields:
            setattr(app, name, values[name])
        if fields and app.is_draft:
            Application.objects.filter(pk=app.pk).update(
                **{name: getattr(app, name) for name in fields}, updated_at=timezone.now()
            )
        elif fields:  # after submission (changes requested) every change goes into the history
            app._history_user = user
            app.save(update_fields=[*fields, "updated_at"])
        summary.update(app.pk)
    return app


def cost_lines_replace(*, application, user, rows):
    """Replaces the cost plan with ``rows`` (category, description, amount).

    While the applicant edits, nothing refers to single cost lines, so the
    plan is written anew each time; saving twice gives the same plan.
    """
    if len(rows) > MAX_COST_LINES:
        raise WorkflowError(_("Ein Kostenplan hat höchstens %(max)s Zeilen.") % {"max": MAX_COST_LINES})
    with transaction.atomic():
        app = lock_in_states(application, EDITABLE_STATES)
        lines = [CostLine(application=app, order=order, **row) for order, row in enumerate(rows)]
        if app.is_draft:
            app.cost_lines.all().delete()
            CostLine.objects.bulk_create(lines)
        else:  # after submission the plan's history records removed and new lines, with the user
            for line in app.cost_lines.all():
                line._history_user = user
                line.delete()
            bulk_create_with_history(lines, CostLine, default_user=user)
        touch(app)
    return app


def form_draft_store(*, application, step, user, data):
    """Keeps input that could not be saved, verbatim, for the next visit."""
    with transaction.atomic():
        FormDraft.objects.update_or_create(
            application=application, step=step, defaults={"data": data, "updated_by": user, "updated_at": timezone.now()}
        )
        touch(application)


def touch(application):
    """Marks the application as changed (the page's local copy compares with this)."""
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())


def form_draft_clear(*, application, step):
    FormDraft.objects.filter(application=application, step=step).delete()


def stored_bytes(application):
    return sum(application.attachments.values_list("size", flat=True))


def attachment_add(*, application, user, kind, upload, states=EDITABLE_STATES):
    """Checks the file by its content and stores it under a generated name."""
    with transaction.atomic():
        app = lock_in_states(application, states)
        content_type = check_upload(upload, already_stored=stored_bytes(app))
        attachment = Attachment(
            application=app, kind=kind, original_name=display_name(upload, content_type), content_type=content_type,
            size=upload.size, uploaded_by=user,
        )
        attachment.file.save(storage_name(content_type), upload, save=False)
        attachment.save()
    return attachment


def attachment_delete(*, attachment, user):
    """Removes an attachment while the part it belongs to can be edited."""
    proof = attachment.kind == Attachment.Kind.PROOF
    with transaction.atomic():
        lock_in_states(attachment.application, PROOF_EDITABLE_STATES if proof else EDITABLE_STATES)
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))
