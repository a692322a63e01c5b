"""Filling in and submitting the proof of use (Verwendungsnachweis)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from applicants.checks import proof_problems
from applicants.models import FormDraft
from applicants.services.drafts import PROOF_EDITABLE_STATES, lock_in_states, touch
from funding.models import ProofLine, ProofOfUse, Receipt
from funding.notifications import organisation_addresses, queue_email
from funding.services.proofs import proof_for, proof_submit
from funding.services.transitions import WorkflowError

NARRATIVE_FIELDS = ("activities", "participants_reached", "results", "deviations")
NOT_EDITABLE = _("Der Verwendungsnachweis kann jetzt nicht geändert werden.")


def _locked_proof(application):
    app = lock_in_states(application, PROOF_EDITABLE_STATES, NOT_EDITABLE)
    touch(app)
    return app, proof_for(app)


def proof_save_narrative(*, application, user, values):
    fields = {name: values[name] for name in NARRATIVE_FIELDS if name in values}
    with transaction.atomic():
        _app, proof = _locked_proof(application)
        ProofOfUse.objects.filter(pk=proof.pk).update(**fields)


def proof_save_figures(*, application, user, lines, income):
    """Actual expenditure per cost line (``{cost_line_pk: amount}``) and actual income."""
    with transaction.atomic():
        app, proof = _locked_proof(application)
        for cost_line in app.cost_lines.filter(pk__in=lines):
            ProofLine.objects.update_or_create(
                proof=proof,
                cost_line=cost_line,
                defaults={
                    "category": cost_line.category,
                    "description": cost_line.description,
                    "planned_amount": cost_line.amount,
                    "actual_amount": lines[cost_line.pk],
                },
            )
        if income:
            ProofOfUse.objects.filter(pk=proof.pk).update(**income)


def proof_receipts_replace(*, application, user, rows):
    """Writes the Belegliste anew from ``rows`` (date, payee, purpose, amount, category)."""
    with transaction.atomic():
        _app, proof = _locked_proof(application)
        proof.receipts.all().delete()
        Receipt.objects.bulk_create(Receipt(proof=proof, **row) for row in rows)


def proof_submit_by_applicant(*, application, user):
    with transaction.atomic():
        app, proof = _locked_proof(application)
        drafts = FormDraft.objects.filter(application=app).values_list("step", flat=True)
        problems = proof_problems(app, proof, drafts=list(drafts))
        if problems:
            raise WorkflowError([problem.message for problem in problems])
        app = proof_submit(application=app, user=user)
        queue_email("proof_submitted", to=organisation_addresses(app.organisation), context={"application": app})
    return app
