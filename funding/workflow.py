"""The application workflow: states, transitions, permissions, conditions.

This module is the one place where the state machine is defined. Every
transition names its source, target, permission and conditions; django-fsm
enforces them and, with ``protected=True``, nothing can assign the state
field directly. Transitions are performed only by
``funding.services.transitions.perform_transition``; ``docs/workflow.md``
shows the same table and a test keeps both in step.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from funding import roles


class State(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("Eingegangen")
    IN_REVIEW = "in_review", _("In Prüfung")
    CHANGES_REQUESTED = "changes_requested", _("Nachforderung")
    APPROVED = "approved", _("Bewilligt")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")
    PROOF_SUBMITTED = "proof_submitted", _("Verwendungsnachweis eingereicht")
    PROOF_CHANGES_REQUESTED = "proof_changes_requested", _("Nachforderung zum Verwendungsnachweis")
    RECOVERY_PENDING = "recovery_pending", _("Rückforderung offen")
    CLOSED = "closed", _("Abgeschlossen (z. d. A.)")


# States in which the grant counts against the budget.
FUNDED_STATES = (
    State.APPROVED,
    State.PROOF_SUBMITTED,
    State.PROOF_CHANGES_REQUESTED,
    State.RECOVERY_PENDING,
    State.CLOSED,
)
WITHDRAWABLE_STATES = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)


# --- Permissions: (application, user) -> bool -------------------------------


def _membership_role(application, user):
    if not user.is_authenticated:
        return None
    cache = application.__dict__.setdefault("_membership_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            application.organisation.memberships.filter(user=user).values_list("role", flat=True).first()
        )
    return cache[user.pk]


def is_representative(application, user):
    return _membership_role(application, user) == "representative"


def is_member(application, user):
    return _membership_role(application, user) is not None


def has_reviewed(application, user):
    return application.assigned_reviewer_id == user.pk or application.reviews.filter(reviewer=user).exists()


def can_review(application, user):
    """A reviewer without a declared conflict who is not in the organisation.

    Once a reviewer is assigned, only that reviewer works on the review.
    """
    if not roles.is_reviewer(user) or is_member(application, user):
        return False
    if application.assigned_reviewer_id not in (None, user.pk):
        return False
    return not application.reviews.filter(reviewer=user, has_conflict=True).exists()


def can_decide(application, user):
    """Four-eyes principle: an approver who did not review this application."""
    return roles.is_approver(user) and not is_member(application, user) and not has_reviewed(application, user)


def can_audit_proof(application, user):
    staff = roles.is_reviewer(user) or roles.is_approver(user)
    return staff and not is_member(application, user)


def can_record_repayment(application, user):
    return roles.is_finance(user) and not is_member(application, user)


# --- Conditions: application -> bool, each with the message shown when unmet


def condition(message):
    def decorate(func):
        func.message = message
        return func

    return decorate


@condition(_("Kosten- und Finanzierungsplan sind nicht ausgeglichen."))
def plan_balanced(application):
    return application.plan_difference() == Decimal("0.00")


@condition(_("Bitte bestätigen Sie alle Erklärungen."))
def declarations_complete(application):
    return application.declarations_complete()


@condition(_("Der beantragte Betrag muss größer als 0 € sein."))
def amount_requested(application):
    return application.requested_amount > 0


@condition(_("Der bewilligte Betrag überschreitet den beantragten Betrag, die Höchstzuwendung oder das verbleibende Budget."))
def approval_within_limits(application):
    return not approval_limit_errors(application)


@condition(_("Eine Begründung ist erforderlich."))
def reasons_given(application):
    return bool((getattr(application, "pending_reasons", "") or "").strip())


@condition(_("Ein Rückforderungsbetrag größer als 0 € ist erforderlich."))
def recovery_amount_given(application):
    return (getattr(application, "pending_recovery_amount", None) or Decimal("0")) > 0


def approval_limit_errors(application):
    """Reasons why ``application.approved_amount`` cannot be granted.

    The caller holds the lock on the call row, so the remaining budget read
    here cannot change before the approval is saved.
    """
    amount = application.approved_amount
    if amount is None or amount <= 0:
        return [_("Der bewilligte Betrag muss größer als 0 € sein.")]
    errors = []
    if amount > application.requested_amount:
        errors.append(_("Der bewilligte Betrag ist höher als der beantragte Betrag."))
    if amount > application.line.max_grant:
        errors.append(_("Der bewilligte Betrag ist höher als die Höchstzuwendung der Förderlinie."))
    if amount > application.call.remaining_budget(exclude=application):
        errors.append(_("Das verbleibende Budget des Förderaufrufs reicht nicht aus."))
    line_budget = application.line.budget
    if line_budget is not None and amount > application.line.remaining_budget(exclude=application):
        errors.append(_("Das verbleibende Budget der Förderlinie reicht nicht aus."))
    return errors


approval_within_limits.details = approval_limit_errors


# --- The state machine -------------------------------------------------------


class ApplicationWorkflow(ConcurrentTransitionMixin, models.Model):
    """Abstract base of ``Application`` holding the state and its transitions.

    Transition bodies are empty on purpose: the data that goes with a step
    (file reference, decision, payment) is written by the service that
    performs it, inside the same transaction and under the same lock.
    """

    state = FSMField(_("Status"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=is_representative,
        conditions=[amount_requested, plan_balanced, declarations_complete],
    )
    def submit(self, by=None, description=None):
        """Antrag einreichen; das Aktenzeichen wird vergeben."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.SUBMITTED, target=State.IN_REVIEW, permission=can_review)
    def start_review(self, by=None, description=None):
        """Prüfung beginnen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.CHANGES_REQUESTED,
        permission=can_review,
        conditions=[reasons_given],
    )
    def request_changes(self, by=None, description=None):
        """Unterlagen oder Angaben nachfordern."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.CHANGES_REQUESTED,
        target=State.IN_REVIEW,
        permission=is_representative,
        conditions=[amount_requested, plan_balanced, declarations_complete],
    )
    def resubmit(self, by=None, description=None):
        """Geänderten Antrag erneut einreichen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.APPROVED,
        permission=can_decide,
        conditions=[approval_within_limits],
    )
    def approve(self, by=None, description=None):
        """Bewilligen (ganz oder teilweise)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[State.SUBMITTED, State.IN_REVIEW],
        target=State.REJECTED,
        permission=can_decide,
        conditions=[reasons_given],
    )
    def reject(self, by=None, description=None):
        """Ablehnen (mit Begründung)."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=list(WITHDRAWABLE_STATES), target=State.WITHDRAWN, permission=is_member)
    def withdraw(self, by=None, description=None):
        """Antrag zurückziehen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[State.APPROVED, State.PROOF_CHANGES_REQUESTED],
        target=State.PROOF_SUBMITTED,
        permission=is_representative,
    )
    def submit_proof(self, by=None, description=None):
        """Verwendungsnachweis einreichen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.PROOF_SUBMITTED,
        target=State.PROOF_CHANGES_REQUESTED,
        permission=can_audit_proof,
        conditions=[reasons_given],
    )
    def request_proof_changes(self, by=None, description=None):
        """Nachforderung zum Verwendungsnachweis."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.PROOF_SUBMITTED, target=State.CLOSED, permission=can_audit_proof)
    def accept_proof(self, by=None, description=None):
        """Verwendungsnachweis anerkennen; Akte schließen (z. d. A.)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[State.APPROVED, State.PROOF_SUBMITTED, State.PROOF_CHANGES_REQUESTED],
        target=State.RECOVERY_PENDING,
        permission=can_audit_proof,
        conditions=[reasons_given, recovery_amount_given],
    )
    def claim_recovery(self, by=None, description=None):
        """Zuwendung (teilweise) zurückfordern."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=state, source=State.RECOVERY_PENDING, target=State.CLOSED, permission=can_record_repayment)
    def record_repayment(self, by=None, description=None):
        """Rückzahlung verbuchen; Akte schließen."""


TRANSITION_NAMES = (
    "submit",
    "start_review",
    "request_changes",
    "resubmit",
    "approve",
    "reject",
    "withdraw",
    "submit_proof",
    "request_proof_changes",
    "accept_proof",
    "claim_recovery",
    "record_repayment",
)


def transition_table():
    """Rows (name, sources, target, permission, conditions) for docs and tests."""
    rows = []
    for name in TRANSITION_NAMES:
        meta = getattr(ApplicationWorkflow, name)._django_fsm
        sources = sorted(str(source) for source in meta.transitions)
        sample = next(iter(meta.transitions.values()))
        conditions = [cond.__name__ for cond in sample.conditions]
        rows.append((name, sources, str(sample.target), sample.permission.__name__, conditions))
    return rows
