"""Amendment decisions (Änderungsbescheid), reviewed and decided under four eyes.

The organisation asks for a change (longer period, a changed plan beyond the
20 % tolerance, a higher or lower amount), or staff start one. A reviewer
checks it and writes a recommendation and a Prüfvermerk; an approver who
neither reviewed nor started it decides. An increase is checked against
the call's remaining budget under the call lock, the same lock an approval
takes (``perform_transition`` locks the call for ``approve_amendment``), so
an amendment and an approval can never both take the last euro.

On approval the grant changes: amount, period and (where changed) the
binding plan are written to the application, the state before is kept on
the amendment, and the Änderungsbescheid names the original decision, what
changes and what stays.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import roles
from funding.models import Amendment, AmendmentCostLine, CostLine
from funding.services.letters import issue_amendment_letter
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError, perform_transition
from funding.tenancy import authority_of
from funding.workflow import AMENDABLE_STATES, is_representative

ZERO = Decimal("0.00")
PLAN_FIELDS = ("own_funds", "volunteer_work", "third_party_funds", "other_public_funds")


def amendment_request(*, application, user, reasons, new_start_date=None, new_end_date=None, new_amount=None,
                      cost_lines=None, financing=None):
    """A change asked for by the organisation's representative, or started by staff (reviewer or approver).

    ``cost_lines``: the whole new plan as (category, description, amount,
    cost line or None) rows; ``financing``: {field: amount} of the new plan.
    """
    staff = roles.is_reviewer(user, authority_of(application)) or roles.is_approver(user, authority_of(application))
    with transaction.atomic():
        app = lock_application(application.pk)
        if not staff and not is_representative(app, user):
            raise PermissionDenied
        if app.state not in AMENDABLE_STATES:
            raise WorkflowError(_("Eine Änderung ist nur möglich, solange die Zuwendung läuft und der Verwendungsnachweis noch nicht eingereicht ist."))
        if app.amendments.filter(status__in=[Amendment.Status.REQUESTED, Amendment.Status.IN_REVIEW]).exists():
            raise WorkflowError(_("Zu diesem Antrag ist bereits eine Änderung offen."))
        if not (reasons or "").strip():
            raise WorkflowError(_("Bitte begründen Sie die Änderung."))
        if not any((new_start_date, new_end_date, new_amount is not None, cost_lines)):
            raise WorkflowError(_("Bitte geben Sie an, was sich ändern soll: Zeitraum, Plan oder Betrag."))
        financing = financing or {}
        amendment = Amendment.objects.create(
            application=app, started_by_staff=staff and not is_representative(app, user), requested_by=user,
            reasons=reasons.strip(), new_start_date=new_start_date, new_end_date=new_end_date, new_amount=new_amount,
            plan_changed=bool(cost_lines), **{f"new_{name}": financing.get(name) for name in PLAN_FIELDS},
        )
        for order, (category, description, amount, cost_line) in enumerate(cost_lines or ()):
            AmendmentCostLine.objects.create(
                amendment=amendment, category=category, description=description, amount=amount, cost_line=cost_line,
                order=order,
            )
        return amendment


def amendment_start_review(*, amendment, user):
    def after(row):
        row.reviewer = user
        row.save(update_fields=["reviewer"])

    return perform_transition(amendment, "start_amendment_review", user=user, after=after)


def amendment_review_save(*, amendment, user, recommendation, note):
    """The reviewer's recommendation and Prüfvermerk; the decision needs both."""
    with transaction.atomic():
        lock_application(amendment.application_id)
        row = Amendment.objects.select_for_update().get(pk=amendment.pk)
        if row.status != Amendment.Status.IN_REVIEW or row.reviewer_id != user.pk:
            raise WorkflowError(_("Nur die prüfende Person kann die Prüfung dieser Änderung abschließen."))
        if recommendation not in Amendment.Recommendation.values or not note.strip():
            raise WorkflowError(_("Bitte geben Sie eine Empfehlung und einen Prüfvermerk an."))
        row.recommendation, row.review_note, row.reviewed_at = recommendation, note.strip(), timezone.now()
        row.save(update_fields=["recommendation", "review_note", "reviewed_at"])
        return row


def _snapshot(app):
    return {
        "amount": str(app.approved_amount),
        "start_date": app.start_date.isoformat() if app.start_date else None,
        "end_date": app.end_date.isoformat() if app.end_date else None,
        "financing": {name: str(getattr(app, name)) for name in PLAN_FIELDS},
        "cost_lines": [
            {"category": line.category, "description": line.description, "amount": str(line.amount)}
            for line in app.cost_lines.all()
        ],
    }


def _apply(app, amendment):
    """Writes the amended grant to the application (its change history keeps the old values)."""
    fields = []
    if amendment.new_amount is not None:
        app.approved_amount = amendment.new_amount
        fields.append("approved_amount")
    for name in ("start_date", "end_date"):
        value = getattr(amendment, f"new_{name}")
        if value is not None:
            setattr(app, name, value)
            fields.append(name)
    for name in PLAN_FIELDS:
        value = getattr(amendment, f"new_{name}")
        if value is not None:
            setattr(app, name, value)
            fields.append(name)
    if amendment.new_end_date is not None:
        from funding.services.applications import proof_due_date

        app.proof_due_date = proof_due_date(app)
        fields.append("proof_due_date")
    if fields:
        app.save(update_fields=fields)
    if amendment.plan_changed:
        _replace_plan(app, amendment)


def _replace_plan(app, amendment):
    """The new binding plan: lines kept are updated, new ones added, dropped ones set to 0 € or removed."""
    kept = set()
    for order, line in enumerate(amendment.cost_lines.all()):
        if line.cost_line_id:
            CostLine.objects.filter(pk=line.cost_line_id, application=app).update(
                category=line.category, description=line.description, amount=line.amount, order=order
            )
            kept.add(line.cost_line_id)
        else:
            created = CostLine.objects.create(
                application=app, category=line.category, description=line.description, amount=line.amount, order=order
            )
            kept.add(created.pk)
    for dropped in app.cost_lines.exclude(pk__in=kept):
        dropped.amount = ZERO
        dropped.save(update_fields=["amount"])


def amendment_approve(*, amendment, user, reasons=""):
    """Änderungsbescheid: the grant changes; an increase only within the remaining budget (call lock)."""

    def after(row):
        app = row.application
        row.previous = _snapshot(app)
        row.decided_by, row.decided_at, row.decision_reasons = user, timezone.now(), reasons
        row.save(update_fields=["previous", "decided_by", "decided_at", "decision_reasons"])
        _apply(app, row)
        issue_amendment_letter(app, row, user)

    return perform_transition(amendment, "approve_amendment", user=user, reason=reasons, after=after)


def amendment_reject(*, amendment, user, reasons):
    def prepare(row):
        row.pending_reasons = reasons

    def after(row):
        row.decided_by, row.decided_at, row.decision_reasons = user, timezone.now(), reasons
        row.save(update_fields=["decided_by", "decided_at", "decision_reasons"])

    return perform_transition(amendment, "reject_amendment", user=user, reason=reasons, prepare=prepare, after=after)


def amendment_withdraw(*, amendment, user):
    return perform_transition(amendment, "withdraw_amendment", user=user)
