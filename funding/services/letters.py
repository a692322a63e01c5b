"""Issuing letters: render once, store with SHA-256, never regenerate.

Decision and recovery letters are stored inside the transaction that
records the decision, so a Bescheid exists exactly when its decision does
and the approver can download it right after deciding. The e-mail that
delivers it is queued in the same transaction.

The typesetting, the slow part, happens before the locks are taken: a
``PreparedLetter`` holds the HTML and the PDF made from unlocked rows; under
the lock the HTML is rendered again from the locked rows (milliseconds)
and the prepared PDF is kept only if that HTML is identical, so what is
stored is exactly what rendering under the lock would have produced.
"""

import logging
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_fsm import can_proceed, has_transition_perm

from funding import interest, letters
from funding.amounts import amount_in_words
from funding.files import delete_unless_committed
from funding.letters import sha256_hex
from funding.models import Application, Decision, FundingLine, LegalBasis, Letter
from funding.notifications import organisation_addresses, queue_email
from funding.services.locks import lock_application

logger = logging.getLogger(__name__)
LETTER_RELATED = ("call__programme__authority", "line", "organisation")

DECISION_LETTER_KINDS = {
    Decision.Outcome.APPROVED: Letter.Kind.APPROVAL,
    Decision.Outcome.PARTIAL: Letter.Kind.PARTIAL_APPROVAL,
    Decision.Outcome.REJECTED: Letter.Kind.REJECTION,
}
FINANCING_WORDS = {
    FundingLine.FinancingType.FULL: "Vollfinanzierung",
    FundingLine.FinancingType.SHARE: "Anteilfinanzierung",
    FundingLine.FinancingType.DEFICIT: "Fehlbedarfsfinanzierung",
    FundingLine.FinancingType.FIXED: "Festbetragsfinanzierung",
}
APPROVAL_ANNEXES = [
    "Anlage 1: Ausgaben- und Finanzierungsplan (verbindlich)",
    "Anlage 2: Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung (ANBest-P) "
    "in der bei Bekanntgabe dieses Bescheides geltenden Fassung",
]


def letter_context(application, **extra):
    """What every letter needs: authority, addressee, file reference, date."""
    organisation = application.organisation
    authority = application.call.programme.authority
    representative = (
        organisation.memberships.filter(role="representative").select_related("user").order_by("pk").first()
    )
    rep_name = representative.user.get_full_name() if representative else ""
    addressee = [organisation.name]
    if rep_name:
        addressee.append(f"z. Hd. {rep_name}")
    addressee += [organisation.street, f"{organisation.postcode} {organisation.city}"]
    return {
        "application": application,
        "organisation": organisation,
        "authority": authority,
        "programme": application.call.programme,
        "call": application.call,
        "line": application.line,
        "file_reference": application.file_reference,
        "letter_date": timezone.localdate(),
        "addressee_lines": addressee,
        "representative_name": rep_name,
        "contact_name": authority.contact_name,
        "contact_phone": authority.contact_phone,
        "contact_email": authority.contact_email,
        "signatory_name": authority.signatory_name,
        "signatory_title": authority.signatory_title,
        **extra,
    }


def plan_context(application):
    """The cost and financing plan as the annex of a Bescheid shows it."""
    cost_lines = list(application.cost_lines.all())
    total_costs = sum((line.amount for line in cost_lines), Decimal("0.00"))
    financing = [
        ("Eigenmittel", application.own_funds),
        ("Eigenleistung (ehrenamtliche Arbeit)", application.volunteer_work),
        ("Drittmittel", application.third_party_funds),
        ("Andere öffentliche Mittel", application.other_public_funds),
        ("Beantragte Zuwendung", application.requested_amount),
    ]
    return {"cost_lines": cost_lines, "total_costs": total_costs, "financing_rows": financing}


def decision_letter_context(application, decision):
    plan = plan_context(application)
    authority = application.call.programme.authority
    amount = decision.amount or application.requested_amount
    rate = (amount * 100 / plan["total_costs"]).quantize(Decimal("0.01")) if plan["total_costs"] else None
    return letter_context(
        application,
        decision=decision,
        decision_amount=amount,
        amount_words=amount_in_words(amount),
        reduction=application.requested_amount - amount,
        funding_rate=rate,
        financing_words=FINANCING_WORDS[application.line.financing_type],
        legal_remedy=authority.legal_remedy(),
        submitted_on=timezone.localdate(application.submitted_at),
        annex_items=APPROVAL_ANNEXES if decision.outcome != Decision.Outcome.REJECTED else [],
        **plan,
    )


def _decision_date(application):
    decision = application.decision
    return timezone.localdate(decision.decided_at)


def _paid(application):
    return sum((p.amount for p in application.payments.all()), Decimal("0.00"))


def _stored_periods(recovery):
    """The interest table as decided, with dates and amounts typed again."""
    rows = []
    for row in recovery.interest_periods:
        rows.append({
            **row, "start": date.fromisoformat(row["start"]), "end": date.fromisoformat(row["end"]),
            "principal": Decimal(row["principal"]), "base_rate": Decimal(row["base_rate"]),
            "rate": Decimal(row["rate"]), "interest": Decimal(row["interest"]),
        })
    return rows


def recovery_letter_context(application, recovery):
    authority = application.call.programme.authority
    periods = _stored_periods(recovery)
    table = interest.RateTable.current()
    return letter_context(
        application,
        recovery=recovery,
        hearing=recovery.hearing,
        decision=application.decision,
        decision_date=_decision_date(application),
        amount_words=amount_in_words(recovery.amount),
        legal_basis_label=LegalBasis(recovery.legal_basis).label,
        kind_label=recovery.kind_label,
        periods=periods,
        provisional=any(row["provisional"] for row in periods),
        known_until=table.known_until,
        interest_per_day=interest.daily_interest(recovery.amount, table, recovery.due_date),
        total_due=recovery.amount + recovery.interest_amount,
        paid_total=_paid(application),
        proof=getattr(application, "proof", None),
        legal_remedy=authority.legal_remedy(),
    )


def hearing_letter_context(application, hearing):
    return letter_context(
        application,
        hearing=hearing,
        decision=application.decision,
        decision_date=_decision_date(application),
        legal_basis_label=LegalBasis(hearing.legal_basis).label,
        paid_total=_paid(application),
        proof=getattr(application, "proof", None),
    )


def audit_letter_context(application, settlement, hearing=None):
    return letter_context(
        application,
        settlement=settlement,
        proof=application.proof,
        decision=application.decision,
        decision_date=_decision_date(application),
        financing_words=FINANCING_WORDS[application.line.financing_type],
        outcome=str(settlement.outcome),
        hearing=hearing,
    )


def amendment_letter_context(application, amendment):
    authority = application.call.programme.authority
    before = amendment.previous
    changes, stays = amendment_changes(application, amendment)
    return letter_context(
        application,
        amendment=amendment,
        decision=application.decision,
        decision_date=_decision_date(application),
        changes=changes,
        stays=stays,
        before=before,
        new_amount_words=amount_in_words(application.approved_amount),
        legal_remedy=authority.legal_remedy(),
        annex_items=["Anlage 1: Ausgaben- und Finanzierungsplan in der Fassung dieses Bescheides (verbindlich)"]
        if amendment.plan_changed else [],
        **(plan_context(application) if amendment.plan_changed else {}),
    )


def amendment_changes(application, amendment):
    """(changes, stays): rows (what, before, after) and the parts that stay as they were."""
    before, changes, stays = amendment.previous, [], []

    def day(value):
        return date.fromisoformat(value) if value else None

    rows = [
        ("Zuwendung (Höchstbetrag)", Decimal(before["amount"]), application.approved_amount, "money"),
        ("Beginn des Bewilligungszeitraums", day(before["start_date"]), application.start_date, "date"),
        ("Ende des Bewilligungszeitraums", day(before["end_date"]), application.end_date, "date"),
    ]
    for label, old, new, kind in rows:
        (changes if old != new else stays).append({"label": label, "before": old, "after": new, "kind": kind})
    plan = {"label": "Ausgaben- und Finanzierungsplan", "kind": "plan"}
    (changes if amendment.plan_changed else stays).append(plan)
    return changes, stays


class PreparedLetter:
    """A letter typeset without any lock held, to be stored under the lock."""

    def __init__(self, kind, context):
        self.kind = kind
        self.html = letters.render_letter_html(kind, context)
        self.pdf = letters.html_to_pdf(self.html)

    def pdf_for(self, kind, context):
        """The PDF for ``context``: the prepared one while its HTML is unchanged, else typeset anew."""
        html = letters.render_letter_html(kind, context)
        if kind != self.kind or html != self.html:
            logger.info("letter %s changed under the lock; typesetting again", kind)
            self.kind, self.html, self.pdf = kind, html, letters.html_to_pdf(html)
        return self.pdf


def render_for(kind, context, prepared=None):
    return prepared.pdf_for(kind, context) if prepared is not None else letters.render_letter(kind, context)


def store_letter(application, kind, pdf, user=None, key=""):
    """Stores ``pdf`` as the letter of ``kind``; the file goes again if the transaction rolls back."""
    letter = Letter(application=application, kind=kind, key=key, sha256=sha256_hex(pdf), size=len(pdf), created_by=user)
    suffix = f"-{key}" if key else ""
    letter.file.save(f"{application.file_reference}-{kind}{suffix}.pdf", ContentFile(pdf), save=False)
    delete_unless_committed(letter.file)
    letter.save()
    return letter


def existing_letter(application_id, kind, key=""):
    return Letter.objects.filter(application_id=application_id, kind=kind, key=key).first()


def _issue(application, kind, context, user, email_name, email_context, prepared=None, key=""):
    """Stores the letter of ``kind`` (and ``key``) once and queues the e-mail carrying it."""
    letter = existing_letter(application.pk, kind, key)
    if letter is not None:
        return letter
    letter = store_letter(application, kind, render_for(kind, context, prepared), user=user, key=key)
    queue_email(
        email_name,
        to=organisation_addresses(application.organisation),
        context={"application": application, "letter": letter, **email_context},
        letter_ids=[letter.pk],
    )
    return letter


def prepare_decision_letter(application, transition, user, decide):
    """The Bescheid of a decision about to be taken, typeset before any lock.

    ``decide(app)`` sets the decision's data on a fresh, unlocked copy of the
    application and returns the unsaved ``Decision``. Returns None when the
    step would be refused anyway (state, conditions, permission), so a
    refused decision costs no typesetting.
    """
    app = Application.objects.select_related(*LETTER_RELATED).get(pk=application.pk)
    decision = decide(app)
    method = getattr(app, transition)
    if not can_proceed(method) or not has_transition_perm(method, user):
        return None
    return PreparedLetter(DECISION_LETTER_KINDS[decision.outcome], decision_letter_context(app, decision))


def issue_decision_letter(application, user=None, prepared=None):
    """Zuwendungsbescheid, Teilbewilligung or Ablehnungsbescheid of the decision."""
    decision = application.decision
    kind = DECISION_LETTER_KINDS[decision.outcome]
    context = decision_letter_context(application, decision)
    return _issue(application, kind, context, user, "decision", {"decision": decision}, prepared)


def issue_recovery_letter(application, recovery, user=None):
    """Rückforderungsbescheid with the interest table (§ 49a (3) VwVfG)."""
    context = recovery_letter_context(application, recovery)
    key = f"recovery-{recovery.pk}"
    return _issue(application, Letter.Kind.RECOVERY, context, user, "recovery", {"recovery": recovery}, key=key)


def issue_hearing_letter(application, hearing, user=None):
    """Anhörung (§ 28 VwVfG NRW): intended refund, reasons, deadline for comments."""
    context = hearing_letter_context(application, hearing)
    key = f"hearing-{hearing.pk}"
    return _issue(application, Letter.Kind.HEARING, context, user, "hearing", {"hearing": hearing}, key=key)


def issue_audit_letter(application, settlement, user=None, hearing=None):
    """Prüfmitteilung: the result of the audit, the settled grant, what happens next."""
    context = audit_letter_context(application, settlement, hearing)
    return _issue(application, Letter.Kind.AUDIT_RESULT, context, user, "audit_result", {"settlement": settlement})


def issue_amendment_letter(application, amendment, user=None):
    """Änderungsbescheid naming the original decision, what changes and what stays."""
    context = amendment_letter_context(application, amendment)
    key = f"amendment-{amendment.pk}"
    return _issue(application, Letter.Kind.AMENDMENT, context, user, "amendment", {"amendment": amendment}, key=key)


def _prepared(application_id, kind, build_context):
    """Typesets a missing letter from unlocked rows; None when it exists already."""
    if existing_letter(application_id, kind) is not None:
        return None
    app = Application.objects.select_related(*LETTER_RELATED).get(pk=application_id)
    return PreparedLetter(kind, build_context(app))


def send_receipt(application_id):
    """Eingangsbestätigung: created once, e-mailed with the PDF attached."""
    prepared = _prepared(application_id, Letter.Kind.RECEIPT, letter_context)
    with transaction.atomic():
        app = lock_application(application_id, related=LETTER_RELATED)
        if existing_letter(app.pk, Letter.Kind.RECEIPT):
            return
        pdf = render_for(Letter.Kind.RECEIPT, letter_context(app), prepared)
        letter = store_letter(app, Letter.Kind.RECEIPT, pdf)
        queue_email(
            "application_received",
            to=organisation_addresses(app.organisation),
            context={"application": app},
            letter_ids=[letter.pk],
        )


def send_decision_letter(application_id, user_id=None):
    """The decision letter of an application, produced now if it is missing."""
    app = Application.objects.select_related("decision").get(pk=application_id)
    kind = DECISION_LETTER_KINDS[app.decision.outcome]
    prepared = _prepared(application_id, kind, lambda unlocked: decision_letter_context(unlocked, unlocked.decision))
    with transaction.atomic():
        app = lock_application(application_id, related=LETTER_RELATED)
        return issue_decision_letter(app, get_user_model().objects.filter(pk=user_id).first(), prepared)


class LetterIntegrityError(Exception):
    """A stored letter no longer matches the hash recorded when it was issued."""


def letter_bytes(letter):
    """The stored PDF, checked against its SHA-256: identical bytes or an error."""
    with letter.file.open("rb") as handle:
        data = handle.read()
    if sha256_hex(data) != letter.sha256:
        raise LetterIntegrityError(f"letter {letter.pk}: stored file does not match its SHA-256")
    return data
