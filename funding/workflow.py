"""The application workflow: states, transitions, permissions, conditions.

This module is the one place where the state machine is defined. Every
transition names its source, target, permission and conditions; django-fsm
enforces them and, with ``protected=True``, nothing can assign the state
field directly. Transitions are performed only by
``funding.services.transitions.perform_transition``; ``docs/workflow.md``
shows the same table and a test keeps both in step.

It is also the one place that knows about states: every group of states
the rest of the code asks about is named here, each transition carries the
label users read in the history, and ``offered_transitions`` tells the pages
which steps to offer, so no view or template compares states itself.
"""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from django_fsm_log.models import StateLog

from funding import roles, rules
from funding.tenancy import authority_of
from funding.amounts import format_money
from funding.settlement import Outcome

ZERO = Decimal("0.00")


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


def can_review(application, user):
    """A reviewer without a declared conflict who is not in the organisation.

    Once a reviewer is assigned, only that reviewer works on the review.
    """
    if not roles.is_reviewer(user, authority_of(application)) or is_member(application, user):
        return False
    if application.assigned_reviewer_id not in (None, user.pk):
        return False
    return not application.reviews.filter(reviewer=user, has_conflict=True).exists()


def has_declared_conflict(application, user):
    return application.approver_declarations.filter(approver=user, has_conflict=True).exists()


def can_decide(application, user):
    """Four-eyes principle: an approver who did not review this application and is not recused."""
    if not roles.is_approver(user, authority_of(application)) or is_member(application, user) or has_reviewed(application, user):
        return False
    return not has_declared_conflict(application, user)


def can_audit_proof(application, user):
    staff = roles.is_reviewer(user, authority_of(application)) or roles.is_approver(user, authority_of(application))
    return staff and not is_member(application, user)


def can_record_repayment(application, user):
    return roles.is_finance(user, authority_of(application)) and not is_member(application, user)


# --- Conditions: application -> bool, each with the message shown when unmet


# Every condition is about what the step is given (amounts, reasons) or what
# the applicant can still fix; the pages offer a step by state and permission
# (``offered_transitions``) and its conditions are checked when it is taken.
_OFFERING = "_workflow_offering"


def condition(message):
    def decorate(func):
        def check(application):
            return application.__dict__.get(_OFFERING, False) or func(application)

        check.__name__, check.__doc__, check.message = func.__name__, func.__doc__, message
        return check

    return decorate


def _pending_reasons(application):
    return (getattr(application, "pending_reasons", "") or "").strip()


@condition(_("Bitte bestätigen Sie alle Erklärungen."))
def declarations_complete(application):
    return application.declarations_complete()


@condition(_("Entschieden werden kann erst nach einer abgeschlossenen Prüfung mit Empfehlung und Prüfvermerk."))
def review_completed(application):
    """A completed review with a recommendation to decide and a Prüfvermerk (funding.services.reviews)."""
    reviews = application.reviews.filter(has_conflict=False, completed_at__isnull=False).exclude(note="")
    return reviews.exclude(recommendation__in=["", "request_changes"]).exists()


@condition(_("Der Antragszeitraum des Förderaufrufs ist beendet."))
def call_open(application):
    return not rules.application_period_problems(application)


@condition(_("Der Antrag erfüllt die Regeln des Förderaufrufs nicht."))
def meets_call_rules(application):
    return not rules.eligibility_problems(application)


@condition(_("Der bewilligte Betrag überschreitet den beantragten Betrag, die Höchstzuwendung oder das verbleibende Budget."))
def approval_within_limits(application):
    return not approval_limit_errors(application)


@condition(_("Bei einer Teilbewilligung ist eine Begründung erforderlich."))
def partial_approval_reasoned(application):
    amount = application.approved_amount
    return amount is None or amount >= application.requested_amount or bool(_pending_reasons(application))


@condition(_("Eine Begründung ist erforderlich."))
def reasons_given(application):
    return bool(_pending_reasons(application))


# --- Conditions of the audit, the hearing and the recovery --------------------
# The step's service sets the ``pending_*`` values on the locked row (``prepare``).

OPEN_DRAWDOWN_STATUSES = ("requested", "released")


def today():  # Used for mocking in tests
    return timezone.localdate()


def _paid(application):
    return application.payments.aggregate(total=models.Sum("amount"))["total"] or ZERO


def _outcome(application):
    settlement = getattr(application, "pending_settlement", None)
    return settlement.outcome if settlement is not None else None


@condition(_("Bitte schreiben Sie einen Prüfvermerk."))
def audit_note_given(application):
    return bool((getattr(application, "pending_audit_note", "") or "").strip())


@condition(_("Es sind noch Mittelabrufe offen (beantragt oder freigegeben). Bitte bearbeiten Sie sie vor der Festsetzung."))
def no_open_drawdowns(application):
    return not application.drawdowns.filter(status__in=OPEN_DRAWDOWN_STATUSES).exists()


@condition(_("Nach der Festsetzung ist noch Geld offen (Schlusszahlung oder Erstattung); die Akte kann nicht geschlossen werden."))
def nothing_owed(application):
    return _outcome(application) == Outcome.NOTHING_OWED


@condition(_("Nach der Festsetzung ist keine Schlusszahlung offen."))
def final_payment_owed(application):
    return _outcome(application) == Outcome.FINAL_PAYMENT


@condition(_("Nach der Festsetzung ist keine Erstattung offen."))
def refund_owed(application):
    return _outcome(application) == Outcome.REFUND


@condition(_("Die Schlusszahlung ist noch nicht vollständig gebucht."))
def final_payment_booked(application):
    proof = application.proof
    return proof.settled_amount is not None and _paid(application) == proof.settled_amount


def refund_limit_errors(application):
    """The refund is above 0 € and never more than was paid out and not yet reclaimed."""
    refund = getattr(application, "pending_refund", None)
    refundable = getattr(application, "pending_refundable", ZERO)
    if refundable <= 0:
        return [_("Es wurde nichts ausgezahlt, das zu erstatten wäre. Eine nicht ausgezahlte Zuwendung wird nicht zurückgefordert, sondern mit einem Änderungsbescheid herabgesetzt.")]
    if refund is None or refund <= 0:
        return [_("Der Erstattungsbetrag muss größer als 0 € sein.")]
    if refund > refundable:
        return [
            _("Der Erstattungsbetrag (%(refund)s) ist höher als der ausgezahlte und noch nicht zurückgeforderte Betrag (%(paid)s). Es kann höchstens zurückgefordert werden, was ausgezahlt wurde.")
            % {"refund": format_money(refund), "paid": format_money(refundable)}
        ]
    return []


@condition(_("Der Erstattungsbetrag muss größer als 0 € sein und darf den ausgezahlten Betrag nicht übersteigen."))
def refund_within_paid(application):
    return not refund_limit_errors(application)


refund_within_paid.details = refund_limit_errors


@condition(_("Bitte setzen Sie eine Frist zur Stellungnahme, die nach dem heutigen Tag liegt."))
def hearing_deadline_set(application):
    deadline = getattr(application, "pending_deadline", None)
    return deadline is not None and deadline > today()


@condition(_("Die Frist zur Stellungnahme läuft noch, und es ist keine Stellungnahme erfasst. Entscheiden Sie erst nach Ablauf der Frist oder nach Eingang der Stellungnahme (§ 28 VwVfG NRW)."))
def hearing_concluded(application):
    hearing = getattr(application, "pending_hearing", None)
    return hearing is not None and hearing.concluded_on(today())


@condition(_("Der Rückforderungsbetrag darf nicht höher sein als der in der Anhörung genannte; für einen höheren Betrag ist eine neue Anhörung nötig."))
def refund_as_heard(application):
    hearing = getattr(application, "pending_hearing", None)
    refund = getattr(application, "pending_refund", None)
    return hearing is not None and refund is not None and refund <= hearing.intended_refund


@condition(_("Der Widerruf kann nicht vor dem Tag wirksam werden, an dem die Zuwendung bewilligt wurde."))
def effective_date_valid(application):
    effective = getattr(application, "pending_effective_date", None)
    decided = application.decided_at
    return effective is not None and decided is not None and effective >= timezone.localdate(decided)


@condition(_("Die Fälligkeit muss nach dem Tag der Entscheidung liegen."))
def due_date_valid(application):
    due = getattr(application, "pending_due_date", None)
    return due is not None and due > today()


@condition(_("Die Rückforderung ist noch nicht vollständig beglichen (Hauptforderung und Zinsen)."))
def recovery_settled(application):
    return bool(getattr(application, "pending_settled", False))


def _messages(find):
    return lambda application: [problem.message for problem in find(application)]


call_open.details = _messages(rules.application_period_problems)
meets_call_rules.details = _messages(rules.eligibility_problems)


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
        conditions=[review_completed, approval_within_limits, partial_approval_reasoned],
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
        conditions=[review_completed, reasons_given],
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
