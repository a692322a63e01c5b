"""The state machines of the money after approval: drawdowns, payment runs, amendments.

They follow the rules of ``funding.workflow`` (which holds the application's
machine and the helpers that read every machine): each transition names its
source, target, permission and conditions; ``protected=True`` keeps the
state field from being assigned; only
``funding.services.transitions.perform_transition`` performs a step, and
``docs/workflow.md`` shows the same tables.
"""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from funding import roles
from funding.tenancy import authority_of
from funding.conditions import condition, reasons_given
from funding.workflow import AMENDABLE_STATES, is_member, is_representative

ZERO = Decimal("0.00")


# --- Drawdowns ------------------------------------------------------------------


def can_release(drawdown, user):
    """Sachliche und rechnerische Richtigkeit: a reviewer or approver outside the organisation."""
    case_worker = roles.is_reviewer(user, authority_of(drawdown.application)) or roles.is_approver(user, authority_of(drawdown.application))
    return case_worker and not is_member(drawdown.application, user)


def can_book(drawdown, user):
    """Finance books, and never a drawdown the same person released (four eyes)."""
    if not roles.is_finance(user, authority_of(drawdown.application)) or is_member(drawdown.application, user):
        return False
    return drawdown.decided_by_id != user.pk


@condition(_("Der Betrag übersteigt die bewilligte Zuwendung abzüglich der bereits gebuchten Auszahlungen."))
def within_grant(drawdown):
    app = drawdown.application
    paid = app.payments.aggregate(total=models.Sum("amount"))["total"] or ZERO
    return paid + drawdown.amount <= grant_ceiling(app)


def grant_ceiling(application):
    """The most that may be paid in all: the approved amount, or the settled grant once it is fixed."""
    try:
        settled = application.proof.settled_amount
    except ObjectDoesNotExist:
        settled = None
    return settled if settled is not None else (application.approved_amount or ZERO)


class DrawdownWorkflow(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Beantragt")
        RELEASED = "released", _("Freigegeben")
        REJECTED = "rejected", _("Abgelehnt")
        PAID = "paid", _("Ausgezahlt")

    status = FSMField(_("Status"), default=Status.REQUESTED, choices=Status.choices, protected=True)
    state_field_name = "status"

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REQUESTED,
        target=Status.RELEASED,
        permission=can_release,
        custom={"label": _("Mittelabruf freigegeben (sachlich und rechnerisch richtig)")},
    )
    def release_drawdown(self, by=None, description=None):
        """Freigeben: sachlich und rechnerisch richtig."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REQUESTED,
        target=Status.REJECTED,
        permission=can_release,
        conditions=[reasons_given],
        custom={"label": _("Mittelabruf abgelehnt")},
    )
    def reject_drawdown(self, by=None, description=None):
        """Ablehnen, mit Begründung; wird nie ausgezahlt."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.RELEASED,
        target=Status.PAID,
        permission=can_book,
        conditions=[within_grant],
        custom={"label": _("Auszahlung gebucht")},
    )
    def book_drawdown(self, by=None, description=None):
        """Auszahlung buchen (Kasse, nicht die freigebende Person)."""


# --- Payment runs -----------------------------------------------------------------


def can_manage_run(run, user):
    return roles.is_finance(user, run.authority_id) if run.authority_id else roles.is_finance(user)


class PaymentRunWorkflow(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        BOOKED = "booked", _("Gebucht")
        CANCELLED = "cancelled", _("Verworfen")

    status = FSMField(_("Status"), default=Status.OPEN, choices=Status.choices, protected=True)
    state_field_name = "status"

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.BOOKED,
        permission=can_manage_run,
        custom={"label": _("Zahllauf gebucht")},
    )
    def book_run(self, by=None, description=None):
        """Zahllauf buchen: alle Mittelabrufe gelten als ausgezahlt."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.CANCELLED,
        permission=can_manage_run,
        custom={"label": _("Zahllauf verworfen")},
    )
    def cancel_run(self, by=None, description=None):
        """Zahllauf verwerfen; die Mittelabrufe bleiben freigegeben."""


# --- Amendments ---------------------------------------------------------------------


def can_review_amendment(amendment, user):
    if not roles.is_reviewer(user, authority_of(amendment.application)) or is_member(amendment.application, user):
        return False
    return amendment.requested_by_id != user.pk and amendment.reviewer_id in (None, user.pk)


def can_decide_amendment(amendment, user):
    """Four eyes like an application: an approver who neither reviewed nor started the change."""
    if not roles.is_approver(user, authority_of(amendment.application)) or is_member(amendment.application, user):
        return False
    return user.pk not in (amendment.reviewer_id, amendment.requested_by_id)


def can_withdraw_amendment(amendment, user):
    return not amendment.started_by_staff and is_representative(amendment.application, user)


@condition(_("Die Prüfung der Änderung ist noch nicht abgeschlossen (Empfehlung und Prüfvermerk fehlen)."))
def amendment_reviewed(amendment):
    return bool(amendment.recommendation and amendment.review_note.strip() and amendment.reviewed_at)


@condition(_("Die Änderung überschreitet die Höchstzuwendung oder das verbleibende Budget."))
def amendment_within_limits(amendment):
    return not amendment_limit_errors(amendment)


def amendment_limit_errors(amendment):
    """Reasons why the amendment cannot be granted; the caller holds the call lock."""
    app, errors = amendment.application, []
    new = amendment.new_amount
    if amendment.plan_changed:
        costs = amendment.plan_total()
        financing = sum(amendment.financing(app), ZERO)
        if costs != financing:
            errors.append(_("Der neue Ausgaben- und Finanzierungsplan ist nicht ausgeglichen."))
    if amendment.new_start_date and amendment.new_end_date and amendment.new_end_date < amendment.new_start_date:
        errors.append(_("Das neue Projektende liegt vor dem Projektbeginn."))
    end = amendment.new_end_date
    if end and end > app.call.period_end:
        errors.append(_("Das Projekt muss innerhalb des Förderzeitraums des Aufrufs enden."))
    if new is None:
        return errors
    paid = app.payments.aggregate(total=models.Sum("amount"))["total"] or ZERO
    pending = app.drawdowns.filter(status__in=["requested", "released"]).aggregate(total=models.Sum("amount"))
    if new < paid + (pending["total"] or ZERO):
        errors.append(_("Die neue Zuwendung ist niedriger als bereits ausgezahlt oder abgerufen."))
    if new <= 0:
        errors.append(_("Die neue Zuwendung muss größer als 0 € sein."))
    if new > app.line.max_grant:
        errors.append(_("Die neue Zuwendung ist höher als die Höchstzuwendung der Förderlinie."))
    if new > (app.approved_amount or ZERO) and new > app.call.remaining_budget(exclude=app):
        errors.append(_("Das verbleibende Budget des Förderaufrufs reicht für die Erhöhung nicht aus."))
    if app.line.budget is not None and new > (app.approved_amount or ZERO) and new > app.line.remaining_budget(exclude=app):
        errors.append(_("Das verbleibende Budget der Förderlinie reicht für die Erhöhung nicht aus."))
    return errors


amendment_within_limits.details = amendment_limit_errors


@condition(_("Die Änderung ist nur möglich, solange die Zuwendung läuft (bewilligt, Verwendungsnachweis noch nicht eingereicht)."))
def grant_amendable(amendment):
    return amendment.application.state in AMENDABLE_STATES


class AmendmentWorkflow(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Beantragt")
        IN_REVIEW = "in_review", _("In Prüfung")
        APPROVED = "approved", _("Geändert (Änderungsbescheid)")
        REJECTED = "rejected", _("Abgelehnt")
        WITHDRAWN = "withdrawn", _("Zurückgezogen")

    status = FSMField(_("Status"), default=Status.REQUESTED, choices=Status.choices, protected=True, db_index=True)
    state_field_name = "status"

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.REQUESTED,
        target=Status.IN_REVIEW,
        permission=can_review_amendment,
        custom={"label": _("Prüfung der Änderung begonnen")},
    )
    def start_amendment_review(self, by=None, description=None):
        """Änderung prüfen."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.IN_REVIEW,
        target=Status.APPROVED,
        permission=can_decide_amendment,
        conditions=[grant_amendable, amendment_reviewed, amendment_within_limits],
        custom={"label": _("Änderungsbescheid erlassen")},
    )
    def approve_amendment(self, by=None, description=None):
        """Ändern (Änderungsbescheid)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.IN_REVIEW,
        target=Status.REJECTED,
        permission=can_decide_amendment,
        conditions=[amendment_reviewed, reasons_given],
        custom={"label": _("Änderung abgelehnt")},
    )
    def reject_amendment(self, by=None, description=None):
        """Änderung ablehnen (mit Begründung)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.REQUESTED, Status.IN_REVIEW],
        target=Status.WITHDRAWN,
        permission=can_withdraw_amendment,
        custom={"label": _("Änderungsantrag zurückgezogen")},
    )
    def withdraw_amendment(self, by=None, description=None):
        """Änderungsantrag zurückziehen."""


# --- Interest for late use (§ 49a Abs. 4 VwVfG) ------------------------------------------


def can_decide_interest_claim(claim, user):
    """Four eyes: an approver outside the organisation who did not propose the claim."""
    if not roles.is_approver(user, authority_of(claim.application)) or is_member(claim.application, user):
        return False
    return claim.proposed_by_id != user.pk


def can_hear_interest_claim(claim, user):
    """Staff who review or decide, outside the organisation."""
    authority = authority_of(claim.application)
    return (roles.is_reviewer(user, authority) or roles.is_approver(user, authority)) and not is_member(claim.application, user)


@condition(_("Die Frist zur Stellungnahme muss nach dem heutigen Tag liegen."))
def claim_hearing_deadline_valid(claim):
    deadline = getattr(claim, "pending_deadline", None)
    return deadline is not None and deadline > timezone.localdate()


@condition(_("Der Zinsbescheid kann erst nach der Stellungnahme oder nach Ablauf der Anhörungsfrist ergehen."))
def claim_hearing_concluded(claim):
    hearing = getattr(claim, "pending_hearing", None)
    return hearing is not None and hearing.concluded_on(timezone.localdate())


@condition(_("Bitte nennen Sie die Gründe der Entscheidung (Ermessenserwägungen)."))
def claim_reasons_given(claim):
    return bool((getattr(claim, "pending_reasons", "") or "").strip())


@condition(_("Es gibt keine verspätet verwendeten Mittel mehr, für die Zinsen verlangt werden könnten."))
def claim_interest_owed(claim):
    return getattr(claim, "pending_interest", claim.interest_amount) > 0


@condition(_("Das Fälligkeitsdatum muss nach dem heutigen Tag liegen (mindestens ein Monat Zahlungsfrist wird empfohlen)."))
def claim_due_date_valid(claim):
    due = getattr(claim, "pending_due_date", None) or claim.due_date
    return due is not None and due > timezone.localdate()


class InterestClaimWorkflow(ConcurrentTransitionMixin, models.Model):
    """A claim on a ``Recovery`` row: proposed by a reviewer, decided by an approver (four eyes).

    Refund recoveries are decided in one step on the application's machine
    and are ``claimed`` from the start; only interest claims for late use
    (§ 49a Abs. 4 VwVfG) pass through ``proposed``.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Vorgeschlagen")
        HEARING = "hearing", _("Anhörung läuft (§ 28 VwVfG NRW)")
        CLAIMED = "claimed", _("Festgesetzt (Bescheid erlassen)")
        DISMISSED = "dismissed", _("Verworfen")

    status = FSMField(_("Status"), default=Status.CLAIMED, choices=Status.choices, protected=True)
    state_field_name = "status"

    class Meta:
        abstract = True

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.PROPOSED,
        target=Status.HEARING,
        permission=can_hear_interest_claim,
        conditions=[claim_hearing_deadline_valid, claim_interest_owed],
        custom={"label": _("Anhörung zu den Zinsen (§ 28 VwVfG NRW)")},
    )
    def hear_interest_claim(self, by=None, description=None):
        """Die Organisation vor dem Zinsbescheid anhören: Zinsen, Zeiträume, Frist zur Stellungnahme."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=Status.HEARING,
        target=Status.CLAIMED,
        permission=can_decide_interest_claim,
        conditions=[claim_hearing_concluded, claim_reasons_given, claim_interest_owed, claim_due_date_valid],
        custom={"label": _("Zinsbescheid erlassen (§ 49a Abs. 4 VwVfG NRW)")},
    )
    def decide_interest_claim(self, by=None, description=None):
        """Zinsen für verspätete Verwendung festsetzen (Zinsbescheid)."""

    @fsm_log_by
    @fsm_log_description
    @transition(
        field=status,
        source=[Status.PROPOSED, Status.HEARING],
        target=Status.DISMISSED,
        permission=can_decide_interest_claim,
        conditions=[claim_reasons_given],
        custom={"label": _("Zinsvorschlag verworfen")},
    )
    def dismiss_interest_claim(self, by=None, description=None):
        """Von Zinsen absehen (mit Begründung)."""


MACHINES = (DrawdownWorkflow, PaymentRunWorkflow, AmendmentWorkflow, InterestClaimWorkflow)
