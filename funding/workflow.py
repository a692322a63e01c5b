"""The application workflow: states, transitions, permissions, conditions.

This module is the one place where the state machine is defined. Every
transition names its source, target, permission and conditions; django-fsm
enforces them and, with ``protected=True``, nothing can assign the state
field directly. Transitions are performed only by
``funding.services.transitions.perform_transition``; ``docs/workflow.md``
shows the same table and a test keeps both in step.

The conditions the transitions name live in ``funding.conditions``.

It is also the one place that knows about states: every group of states
the rest of the code asks about is named here, each transition carries the
label users read in the history, and ``offered_transitions`` tells the pages
which steps to offer, so no view or template compares states itself.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from django_fsm_log.models import StateLog

from funding import roles
from funding.conditions import (
    _OFFERING, approval_within_limits, audit_note_given, call_open, declarations_complete, declarations_confirmed, due_date_valid,
    effective_date_valid, final_payment_booked, final_payment_owed, hearing_concluded, hearing_deadline_set,
    meets_call_rules, no_open_drawdowns, nothing_owed, partial_approval_reasoned, reasons_given, recovery_settled,
    refund_as_heard, refund_owed, refund_within_paid, review_completed,
)
from funding.tenancy import authority_of

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
    FINAL_PAYMENT_DUE = "final_payment_due", _("Schlusszahlung offen")
    HEARING = "hearing", _("Anhörung zur Rückforderung")
    RECOVERY_PENDING = "recovery_pending", _("Rückforderung offen")
    CLOSED = "closed", _("Abgeschlossen (z. d. A.)")


# --- Groups of states, each named once ----------------------------------------

# The grant counts against the budget.
FUNDED_STATES = (
    State.APPROVED,
    State.PROOF_SUBMITTED,
    State.PROOF_CHANGES_REQUESTED,
    State.FINAL_PAYMENT_DUE,
    State.HEARING,
    State.RECOVERY_PENDING,
    State.CLOSED,
)
# The organisation may still withdraw (the sources of ``withdraw``).
WITHDRAWABLE_STATES = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)
# The authority has the application: staff see it, messages can be written. Drafts are the applicant's own.
RECEIVED_STATES = tuple(state for state in State if state != State.DRAFT)
# Counted as applications received in the reports: submitted and not withdrawn.
SUBMITTED_STATES = tuple(state for state in RECEIVED_STATES if state != State.WITHDRAWN)
# A reviewer can be assigned until the decision.
ASSIGNABLE_STATES = (State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)
# The grant is running: drawdowns may be requested and paid.
PAYABLE_STATES = (State.APPROVED, State.PROOF_SUBMITTED, State.PROOF_CHANGES_REQUESTED)
# Drawdowns and the final payment can be booked (the final payment after the audit).
BOOKABLE_STATES = (*PAYABLE_STATES, State.FINAL_PAYMENT_DUE)
# The grant may still be changed by an Änderungsbescheid.
AMENDABLE_STATES = (State.APPROVED,)
# The authority waits for the applicant's answer to a Nachforderung.
AWAITING_APPLICANT_STATES = (State.CHANGES_REQUESTED, State.PROOF_CHANGES_REQUESTED)
# The applicant's page shows the hearing (and, while it is open, the answer form).
HEARING_STATES = (State.HEARING, State.RECOVERY_PENDING)
# The file has ended; retention periods run from here.
FINAL_STATES = (State.CLOSED, State.REJECTED, State.WITHDRAWN)


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


def remember_membership_role(application, user, role):
    """Records ``user``'s role in the applicant organisation (None: no member), read with the application."""
    application.__dict__.setdefault("_membership_roles", {})[user.pk] = role


def is_representative(application, user):
    return _membership_role(application, user) == "representative"


def is_member(application, user):
    return _membership_role(application, user) is not None


def has_reviewed(application, user):
    return application.assigned_reviewer_id == user.pk or application.reviews.filter(reviewer=user).exists()


def has_assisted(application, user):
    """The person who filled in and submitted the application on the organisation's behalf."""
    return application.assisted_by_id is not None and application.assisted_by_id == user.pk


def can_review(application, user):
    """A reviewer without a declared conflict who is not in the organisation and did not file the application for it.

    Once a reviewer is assigned, only that reviewer works on the review.
    """
    if not roles.is_reviewer(user, authority_of(application)) or is_member(application, user):
        return False
    if has_assisted(application, user):
        return False
    if application.assigned_reviewer_id not in (None, user.pk):
        return False
    return not application.reviews.filter(reviewer=user, has_conflict=True).exists()


def can_assist(application, user):
    """KI staff (a reviewer in the call's authority) who are not in the organisation submit on its behalf."""
    return roles.is_reviewer(user, authority_of(application)) and not is_member(application, user)


def has_declared_conflict(application, user):
    return application.approver_declarations.filter(approver=user, has_conflict=True).exists()


def can_decide(application, user):
    """Four-eyes principle: an approver who did not review (or file) this application and is not recused."""
    if not roles.is_approver(user, authority_of(application)) or is_member(application, user) or has_reviewed(application, user):
        return False
    if has_assisted(application, user):
        return False
    return not has_declared_conflict(application, user)


def can_audit_proof(application, user):
    staff = roles.is_reviewer(user, authority_of(application)) or roles.is_approver(user, authority_of(application))
    return staff and not is_member(application, user)


def can_record_repayment(application, user):
    return roles.is_finance(user, authority_of(application)) and not is_member(application, user)


# --- The state machine -------------------------------------------------------


class ApplicationWorkflow(ConcurrentTransitionMixin, models.Model):
    """Abstract base of ``Application`` holding the state and its transitions.

    Transition bodies are empty on purpose: the data that goes with a step
    (file reference, decision, payment) is written by the service that
    performs it, inside the same transaction and under the same lock. Each
    transition's ``label`` is what the history shows once the step is done.
    """

    state = FSMField(_("Status"), default=State.DRAFT, choices=State.choices, protected=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_draft(self):
        """Not submitted yet: edits are free and the change history has not started."""
        return self.state == State.DRAFT

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=is_representative,
        conditions=[declarations_complete, call_open, meets_call_rules],
        custom={"label": _("Antrag eingereicht")},
    )
    def submit(self, by=None, description=None):
        """Antrag einreichen; das Aktenzeichen wird vergeben."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=can_assist,
        conditions=[call_open, meets_call_rules],
        custom={"label": _("Antrag mit Unterstützung des KI eingereicht")},
    )
    def submit_assisted(self, by=None, description=None):
        """Für die Organisation mit Unterstützung des KI einreichen; die Erklärungen bestätigt sie danach."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.SUBMITTED,
        target=State.IN_REVIEW,
        permission=can_review,
        custom={"label": _("Prüfung begonnen")},
    )
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
        custom={"label": _("Nachforderung: Angaben oder Unterlagen fehlen")},
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
        conditions=[declarations_complete, meets_call_rules],
        custom={"label": _("Geänderten Antrag erneut eingereicht")},
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
        conditions=[declarations_confirmed, review_completed, approval_within_limits, partial_approval_reasoned],
        custom={"label": _("Antrag bewilligt")},
    )
    def approve(self, by=None, description=None):
        """Bewilligen (ganz oder teilweise)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.IN_REVIEW,
        target=State.REJECTED,
        permission=can_decide,
        conditions=[declarations_confirmed, review_completed, reasons_given],
        custom={"label": _("Antrag abgelehnt")},
    )
    def reject(self, by=None, description=None):
        """Ablehnen (mit Begründung)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=list(WITHDRAWABLE_STATES),
        target=State.WITHDRAWN,
        permission=is_member,
        custom={"label": _("Antrag zurückgezogen")},
    )
    def withdraw(self, by=None, description=None):
        """Antrag zurückziehen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[State.APPROVED, State.PROOF_CHANGES_REQUESTED],
        target=State.PROOF_SUBMITTED,
        permission=is_representative,
        custom={"label": _("Verwendungsnachweis eingereicht")},
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
        custom={"label": _("Nachforderung zum Verwendungsnachweis")},
    )
    def request_proof_changes(self, by=None, description=None):
        """Nachforderung zum Verwendungsnachweis."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.PROOF_SUBMITTED,
        target=State.CLOSED,
        permission=can_audit_proof,
        conditions=[audit_note_given, no_open_drawdowns, nothing_owed],
        custom={"label": _("Verwendungsnachweis anerkannt, nichts offen, Akte geschlossen")},
    )
    def accept_proof(self, by=None, description=None):
        """Verwendungsnachweis anerkennen; nichts offen: Akte schließen (z. d. A.)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.PROOF_SUBMITTED,
        target=State.FINAL_PAYMENT_DUE,
        permission=can_audit_proof,
        conditions=[audit_note_given, no_open_drawdowns, final_payment_owed],
        custom={"label": _("Verwendungsnachweis anerkannt, Schlusszahlung freigegeben")},
    )
    def accept_proof_with_final_payment(self, by=None, description=None):
        """Verwendungsnachweis anerkennen; die Schlusszahlung ist freigegeben."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.FINAL_PAYMENT_DUE,
        target=State.CLOSED,
        permission=can_record_repayment,
        conditions=[final_payment_booked],
        custom={"label": _("Schlusszahlung gebucht, Akte geschlossen")},
    )
    def close_after_final_payment(self, by=None, description=None):
        """Nach der gebuchten Schlusszahlung die Akte schließen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.PROOF_SUBMITTED,
        target=State.HEARING,
        permission=can_audit_proof,
        conditions=[audit_note_given, no_open_drawdowns, refund_owed, reasons_given, refund_within_paid, hearing_deadline_set],
        custom={"label": _("Verwendungsnachweis geprüft, Erstattung festgestellt, Anhörung eingeleitet")},
    )
    def accept_proof_with_refund(self, by=None, description=None):
        """Verwendungsnachweis prüfen; Erstattung: Anhörung einleiten (§ 28 VwVfG NRW)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=[State.APPROVED, State.PROOF_CHANGES_REQUESTED],
        target=State.HEARING,
        permission=can_audit_proof,
        conditions=[no_open_drawdowns, reasons_given, refund_within_paid, hearing_deadline_set],
        custom={"label": _("Anhörung zur Rückforderung eingeleitet")},
    )
    def start_hearing(self, by=None, description=None):
        """Anhörung vor einer Rückforderung (§ 28 VwVfG NRW)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.HEARING,
        target=State.RECOVERY_PENDING,
        permission=can_audit_proof,
        conditions=[hearing_concluded, reasons_given, refund_within_paid, refund_as_heard, effective_date_valid, due_date_valid],
        custom={"label": _("Rückforderungsbescheid erlassen")},
    )
    def decide_recovery(self, by=None, description=None):
        """Widerruf oder Rücknahme mit Rückforderung und Zinsen (§ 49a VwVfG)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=state,
        source=State.RECOVERY_PENDING,
        target=State.CLOSED,
        permission=can_record_repayment,
        conditions=[recovery_settled],
        custom={"label": _("Rückforderung mit Zinsen beglichen, Akte geschlossen")},
    )
    def record_repayment(self, by=None, description=None):
        """Rückzahlung verbuchen; beglichen: Akte schließen."""


# --- Reading the state machine ------------------------------------------------


def _transitions(name):
    """django-fsm's Transition objects of ``name``, one per source state."""
    return getattr(ApplicationWorkflow, name)._django_fsm.transitions


TRANSITION_NAMES = tuple(name for name, member in vars(ApplicationWorkflow).items() if hasattr(member, "_django_fsm"))
TRANSITION_LABELS = {name: next(iter(_transitions(name).values())).custom["label"] for name in TRANSITION_NAMES}


def sources(*names):
    """The states the transitions ``names`` start from, in the order of ``State``."""
    found = {source for name in names for source in _transitions(name)}
    return tuple(state for state in State if state in found)


def reachable_from(name):
    """States reachable once transition ``name`` was taken (its target included)."""
    found, frontier = set(), [next(iter(_transitions(name).values())).target]
    while frontier:
        state = frontier.pop()
        if state in found:
            continue
        found.add(state)
        frontier += [t.target for n in TRANSITION_NAMES for source, t in _transitions(n).items() if source == state]
    return tuple(state for state in State if state in found)


# The applicant edits the application (the sources of submit and resubmit).
EDITABLE_STATES = sources("submit", "resubmit")
# The applicant fills in the proof of use (the sources of submit_proof).
PROOF_EDITABLE_STATES = sources("submit_proof")
# A proof of use has been submitted on the usual way through the workflow.
AFTER_PROOF_STATES = reachable_from("submit_proof")


def route(*states):
    """The transitions that lead from a draft through ``states`` in turn, each leg the shortest."""
    steps, here = [], State.DRAFT
    for goal in states:
        steps += _shortest_way(here, goal)
        here = goal
    return steps


def _shortest_way(start, goal):
    ways, queue = {start: []}, [start]
    while queue:
        state = queue.pop(0)
        if state == goal:
            return ways[state]
        for name in TRANSITION_NAMES:
            step = _transitions(name).get(state)
            if step is not None and step.target not in ways:
                ways[step.target] = [*ways[state], name]
                queue.append(step.target)
    raise ValueError(f"{goal} cannot be reached from {start}")


def transition_label(name):
    """What the history says when the step ``name`` was taken, e.g. "Antrag eingereicht"."""
    return TRANSITION_LABELS.get(name, name)


def is_first_submission(application):
    """True for a draft (submitted with ``submit``), False after a Nachforderung (``resubmit``)."""
    return application.state in sources("submit")


def offered_transitions(application, user=None):
    """Names of the steps to offer on ``application`` to ``user`` (or to anyone, without a user).

    django-fsm's ``get_available_user_state_transitions`` with the
    conditions left out: they depend on what the step's page asks for
    (amounts, reasons, a complete form) and are checked when it is taken.
    Works for every machine (an application, a drawdown, a payment run, an
    amendment): each names its state field in ``state_field_name``.
    """
    field = getattr(application, "state_field_name", "state")
    application.__dict__[_OFFERING] = True
    try:
        if user is None:
            return [t.name for t in getattr(application, f"get_available_{field}_transitions")()]
        return [t.name for t in getattr(application, f"get_available_user_{field}_transitions")(user)]
    finally:
        del application.__dict__[_OFFERING]


def state_logs(application):
    """The transition log rows of ``application`` (django-fsm-log), unordered."""
    return StateLog.objects.for_(application)


def history(application, logs=None):
    """The steps taken on ``application`` (or any machine's row), oldest first, each with its ``label``.

    ``logs``: its ``state_logs`` rows when they have been read already (with ``by``).
    """
    if logs is None:
        logs = state_logs(application).select_related("by")
    logs = sorted(logs, key=lambda log: (log.timestamp, log.pk))
    labels = machine_labels(type(application))
    for log in logs:
        log.label = labels.get(log.transition, log.transition)
    return logs


def machine_transitions(machine):
    """{name: django-fsm meta} of the transitions a machine class defines."""
    return {
        name: member._django_fsm
        for klass in reversed(machine.__mro__)
        for name, member in vars(klass).items()
        if hasattr(member, "_django_fsm")
    }


def machine_labels(machine):
    return {name: next(iter(meta.transitions.values())).custom["label"] for name, meta in machine_transitions(machine).items()}


def transition_table(machine=ApplicationWorkflow):
    """Rows (name, sources, target, permission, conditions) of ``machine``, for docs and tests."""
    rows = []
    for name, meta in machine_transitions(machine).items():
        sources_ = sorted(str(source) for source in meta.transitions)
        sample = next(iter(meta.transitions.values()))
        conditions = [cond.__name__ for cond in sample.conditions]
        rows.append((name, sources_, str(sample.target), sample.permission.__name__, conditions))
    return rows
