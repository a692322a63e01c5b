"""Interest for money used late (§ 49a Abs. 4 VwVfG NRW): proposal, decision, repayments.

- ``interest_claim_propose``: a reviewer turns the audit's proposal
  (``funding.audit.late_use_proposal``) into a claim: a ``Recovery`` of kind
  ``late_use``, status ``proposed``, under the application lock.
- ``interest_claim_hearing_start``: the organisation is heard first
  (§ 28 VwVfG NRW): the Anhörung names the interest computed, its periods and
  a deadline; it answers in the portal or staff record its answer
  (``funding.services.recoveries``, the same ``Hearing`` as for refunds).
- ``interest_claim_decide``: an approver who did not propose it (four
  eyes) decides through the claim's machine once the hearing is concluded
  (answer recorded or deadline passed); the interest is computed again
  under the lock, the reasons take up the answer, and the Zinsbescheid goes
  out in the same transaction.
- ``interest_claim_dismiss``: the approver refrains from claiming, with reasons.
- ``interest_repayment_record``: finance books what arrives; paid in full,
  the claim is settled. The application's state does not change.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding import audit, roles, summary
from funding.amounts import format_money
from funding.models import Hearing, LegalBasis, Recovery, Repayment
from funding.services.letters import issue_interest_letter, issue_late_use_hearing_letter
from funding.services.locks import lock_application
from funding.services.transitions import WorkflowError, perform_transition
from funding.tenancy import authority_of
from funding.workflow import is_member

ZERO = Decimal("0.00")


def claim_rows(rows):
    """The stored table: one entry per period, each naming its payment."""
    found = []
    for row in rows:
        if not row.flagged:
            continue
        for period in row.periods:
            found.append({
                **period.as_dict(), "paid_on": row.paid_on.isoformat(), "paid_amount": str(row.amount),
                "late_amount": str(row.late_amount), "payment_interest": str(row.interest),
            })
    return found


def unclaimed_late_use(application, until=None, payments=None, claims=None):
    """(rows, interest) of the audit's proposal, without the payments a Zinsbescheid has already covered.

    A payment's interest is claimed once: payments named in a decided claim
    (``claimed``) are left out, so a second proposal can only take up later
    payments. ``claims``: the file's interest claims, where the caller has
    loaded them.
    """
    rows, _proposed = audit.late_use_proposal(application, until=until, payments=payments)
    if claims is None:
        claims = application.recoveries.filter(kind=Recovery.Kind.LATE_USE, status=Recovery.Status.CLAIMED)
    covered = {(entry["paid_on"], entry["paid_amount"]) for claim in claims if claim.status == Recovery.Status.CLAIMED
               for entry in claim.interest_periods}
    rows = [row for row in rows if (row.paid_on.isoformat(), str(row.amount)) not in covered]
    return rows, sum((row.interest for row in rows), ZERO)


def open_claim(application):
    return application.recoveries.filter(
        kind=Recovery.Kind.LATE_USE, status__in=[Recovery.Status.PROPOSED, Recovery.Status.HEARING]
    ).first()


def claim_hearing(claim):
    """The Anhörung of a claim not yet decided (one open claim per file), or the one it followed."""
    if claim.hearing_id:
        return claim.hearing
    return claim.application.hearings.filter(kind=Hearing.Kind.LATE_USE, recovery__isnull=True).order_by("-created_at", "-pk").first()


def interest_claim_hearing_start(*, claim, user, deadline):
    """Anhörung (§ 28 VwVfG NRW) before the Zinsbescheid: the interest, its periods, the deadline; the letter."""

    def prepare(locked):
        locked.pending_deadline = deadline

    def after(locked):
        hearing = Hearing.objects.create(
            application=locked.application, kind=Hearing.Kind.LATE_USE, intended_refund=locked.interest_amount,
            intended_grant=locked.new_grant_amount, legal_basis=LegalBasis.LATE_USE, reasons=locked.reason,
            deadline=deadline, created_by=user,
        )
        issue_late_use_hearing_letter(locked.application, locked, hearing, user)

    return perform_transition(claim, "hear_interest_claim", user=user, reason=claim.reason, prepare=prepare, after=after)


def can_propose(application, user):
    """A reviewer of the file's authority, outside the organisation."""
    return roles.is_reviewer(user, authority_of(application)) and not is_member(application, user)


def can_record_repayment(application, user):
    """Finance of the file's authority, outside the organisation."""
    return roles.is_finance(user, authority_of(application)) and not is_member(application, user)


def interest_claim_propose(*, application, user, reasons, due_date, until=None):
    """Proposes the Zinsbescheid the audit computed; the approver decides."""
    if not can_propose(application, user):
        raise PermissionDenied
    if not reasons.strip():
        raise WorkflowError(_("Bitte begründen Sie den Vorschlag (welche Mittel wann verwendet wurden)."))
    if due_date is None or due_date <= timezone.localdate():
        raise WorkflowError(_("Das Fälligkeitsdatum muss nach dem heutigen Tag liegen."))
    with transaction.atomic():
        app = lock_application(application.pk)
        if open_claim(app) is not None:
            raise WorkflowError(_("Zu diesem Antrag liegt bereits ein Zinsvorschlag zur Entscheidung vor."))
        rows, proposed = unclaimed_late_use(app, until=until)
        if proposed <= 0 and app.recoveries.filter(kind=Recovery.Kind.LATE_USE, status=Recovery.Status.CLAIMED).exists():
            raise WorkflowError(_("Für die verspätet verwendeten Auszahlungen ist bereits ein Zinsbescheid ergangen; weitere Zinsen fallen nicht an."))
        if proposed <= 0:
            raise WorkflowError(_("Alle Mittel wurden innerhalb von zwei Monaten nach der Auszahlung verwendet; es fallen keine Zinsen an."))
        return Recovery.objects.create(
            application=app, kind=Recovery.Kind.LATE_USE, status=Recovery.Status.PROPOSED,
            legal_basis=LegalBasis.LATE_USE, amount=0, new_grant_amount=app.approved_amount or 0,
            reason=reasons.strip(), effective_date=min(row.paid_on for row in rows if row.flagged), due_date=due_date,
            interest_amount=proposed, interest_periods=claim_rows(rows), claimed_by=user, proposed_by=user,
            proposed_at=timezone.now(), claimed_at=timezone.now(),
        )


def interest_claim_decide(*, claim, user, reasons, due_date=None, until=None):
    """Zinsbescheid: the interest per payment from payout to proper use, due date, letter."""

    def prepare(locked):
        locked.pending_hearing = claim_hearing(locked)
        rows, proposed = unclaimed_late_use(locked.application, until=until)
        locked.pending_rows, locked.pending_interest = rows, proposed
        locked.pending_reasons, locked.pending_due_date = reasons, due_date or locked.due_date

    def after(locked):
        locked.interest_amount, locked.interest_periods = locked.pending_interest, claim_rows(locked.pending_rows)
        locked.reason, locked.due_date = reasons.strip(), locked.pending_due_date
        locked.claimed_by, locked.claimed_at, locked.hearing = user, timezone.now(), locked.pending_hearing
        locked.save(update_fields=[
            "interest_amount", "interest_periods", "reason", "due_date", "claimed_by", "claimed_at", "hearing",
        ])
        issue_interest_letter(locked.application, locked, user)

    return perform_transition(claim, "decide_interest_claim", user=user, reason=reasons, prepare=prepare, after=after)


def interest_claim_dismiss(*, claim, user, reasons):
    def prepare(locked):
        locked.pending_reasons = reasons

    return perform_transition(claim, "dismiss_interest_claim", user=user, reason=reasons, prepare=prepare)


def interest_claim_open_amount(claim):
    return claim.interest_amount - claim.repaid


def interest_repayment_record(*, claim, user, received_on, amount):
    """Books a repayment on a Zinsbescheid; paid in full, the claim is settled."""
    if not can_record_repayment(claim.application, user):
        raise PermissionDenied
    if amount is None or amount <= 0:
        raise WorkflowError(_("Bitte geben Sie einen Betrag größer als 0 € ein."))
    with transaction.atomic():
        lock_application(claim.application_id)
        locked = Recovery.objects.select_for_update().get(pk=claim.pk, kind=Recovery.Kind.LATE_USE)
        if locked.status != Recovery.Status.CLAIMED or locked.settled_on is not None:
            raise WorkflowError(_("Zu diesem Zinsbescheid ist nichts offen."))
        if received_on < timezone.localdate(locked.claimed_at):
            raise WorkflowError(_("Der Zahlungseingang kann nicht vor dem Zinsbescheid liegen."))
        owed = interest_claim_open_amount(locked)
        if amount > owed:
            raise WorkflowError(
                _("Offen sind nur %(owed)s. Bitte buchen Sie höchstens diesen Betrag.") % {"owed": format_money(owed)}
            )
        Repayment.objects.create(
            application_id=locked.application_id, recovery=locked, received_on=received_on, amount=amount,
            interest_part=amount, principal_part=0, recorded_by=user,
        )
        summary.update(locked.application_id)  # the interest received counts in the reports at once
        if amount == owed:
            locked.settled_on = received_on
            locked.save(update_fields=["settled_on"])
        return locked
